{
  # Two N-API addons in build/Release. consuma_hash is the service's hash engine and sorts first, which is
  # the file node-gyp-build picks (src/engine/native.ts checks it got that one); consuma_reference holds
  # the plain C reference loops for `consuma bench` only and is loaded by explicit path. Both call the OpenSSL
  # that the Node binary itself exports: no system libssl is linked.
  "targets": [
    {
      "target_name": "consuma_hash",
      "sources": ["native/consuma_hash.c", "native/sha2_chain.c", "native/sha3_chain.c", "native/blake2b_chain.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "cflags!": ["-O0", "-O2", "-Os"],
      "defines": ["_POSIX_C_SOURCE=200809L"],
      "xcode_settings": { "GCC_OPTIMIZATION_LEVEL": "3" }
    },
    {
      "target_name": "consuma_reference",
      "sources": ["native/reference_loop.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "cflags!": ["-O0", "-O2", "-Os"],
      "xcode_settings": { "GCC_OPTIMIZATION_LEVEL": "3" }
    }
  ]
}
