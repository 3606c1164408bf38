{
  # Two N-API addons. consuma_hash (listed first, so node-gyp-build loads it) is the service's hash engine;
  # consuma_reference holds the plain C reference loops for `consuma bench` only. Both call the OpenSSL
  # that the Node binary itself exports: no system libssl is linked.
  "targets": [
    {
      "target_name": "consuma_hash",
      "sources": ["native/consuma_hash.c"],
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
