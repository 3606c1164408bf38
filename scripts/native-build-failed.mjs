// Runs only when `node-gyp-build` could not build the addon during install. Install still succeeds:
// the service falls back to the node:crypto engine, which is correct but several times slower.
process.stderr.write(
  'consuma: the native hash engine could not be built; falling back to the js engine (correct, slower). ' +
    'Check that g++, make and python3 are installed, then run `npm rebuild`.\n',
);
