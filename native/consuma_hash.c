/*
 * consuma_hash: the native hash engine (SPEC §1), an N-API addon in plain C.
 *
 * Contract
 *   chain(algorithm: string, input: Uint8Array, iterations: number) -> Buffer
 *     Runs `iterations` rounds of `data = H(data)` (raw digest bytes) over `input` entirely in C and
 *     returns the final data as a new Buffer. `iterations` is an integer in 0 .. 2^53-1; 0 returns a copy
 *     of `input`. `algorithm` is one of `algorithms` (sha256, sha512, sha3_256, sha3_512, blake2b =
 *     BLAKE2b-512). Bad arguments throw a JS TypeError/RangeError; nothing here aborts the process.
 *   algorithms: string[]   the names `chain` accepts.
 *   sha3Path: "block" | "evp"   how SHA-3 chains run in this process (see below).
 *
 * Threading: synchronous and re-entrant; it may run on several worker threads at once. The only shared
 * state (the fetched EVP_MD digests and the SHA-3 path) is set once under pthread_once, then read-only.
 * Each call owns its hashing state (at most one EVP_MD_CTX, allocated once per call); the loops allocate
 * nothing per iteration.
 *
 * How: the first round, whose input may have any length (including zero), is one EVP_Digest. Every later
 * round hashes exactly one digest, so each algorithm runs a specialised single-block loop (chains.h).
 * SHA-3's loop calls an OpenSSL function outside the public headers, so it is used only after a
 * known-answer check at load; otherwise SHA-3 reuses one EVP context per call (`sha3Path` says which).
 *
 * Only symbols exported by the Node binary itself are used (its bundled OpenSSL); no libssl is linked.
 */

#define NAPI_VERSION 8

#include <node_api.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "chains.h"

enum { ALG_SHA256, ALG_SHA512, ALG_SHA3_256, ALG_SHA3_512, ALG_BLAKE2B, ALG_COUNT };

static const char *const ALG_NAMES[ALG_COUNT] = {"sha256", "sha512", "sha3_256", "sha3_512", "blake2b"};
/* OpenSSL's names, for the first round of every algorithm and the whole chain of the SHA-3 ones. */
static const char *const EVP_NAMES[ALG_COUNT] = {"SHA256", "SHA512", "SHA3-256", "SHA3-512", "BLAKE2B-512"};
static const size_t DIGEST_BYTES[ALG_COUNT] = {32, 64, 32, 64, 64};

#define MAX_DIGEST 64
#define MAX_SAFE_INTEGER 9007199254740991.0

static EVP_MD *fetched[ALG_COUNT];
/* Whether SHA-3 chains may skip EVP (see sha3_chain.c); decided once, by the known-answer check below. */
static int sha3_fast;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static int evp_rounds(const EVP_MD *md, unsigned char *buf, unsigned int n, uint64_t rounds);

/* The block-function path must give EVP's bytes for both SHA-3 sizes, or it is not used at all. */
static int sha3_fast_self_test(void) {
  if (!sha3_fast_linked()) return 0;
  for (int alg = ALG_SHA3_256; alg <= ALG_SHA3_512; alg++) {
    unsigned char a[MAX_DIGEST], b[MAX_DIGEST];
    unsigned int n = 0;
    if (fetched[alg] == NULL || !EVP_Digest("consuma", 7, a, &n, fetched[alg], NULL)) return 0;
    memcpy(b, a, n);
    chain_sha3_rounds(a, n, 3);
    if (evp_rounds(fetched[alg], b, n, 3) != 0 || memcmp(a, b, n) != 0) return 0;
  }
  return 1;
}

static void init_digests(void) {
  for (int i = 0; i < ALG_COUNT; i++) fetched[i] = EVP_MD_fetch(NULL, EVP_NAMES[i], NULL);
  sha3_fast = sha3_fast_self_test();
}

/* `rounds` more rounds over the digest in `buf` (n bytes). Returns 0, or -1 if OpenSSL refused. */
static int evp_rounds(const EVP_MD *md, unsigned char *buf, unsigned int n, uint64_t rounds) {
  if (rounds == 0) return 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL);
  for (uint64_t r = 0; ok && r < rounds; r++) {
    /* Init with a NULL digest restarts the same one and keeps the provider context: no allocation. */
    ok = (r == 0 || EVP_DigestInit_ex2(ctx, NULL, NULL)) && EVP_DigestUpdate(ctx, buf, n) &&
         EVP_DigestFinal_ex(ctx, buf, &n);
  }
  EVP_MD_CTX_free(ctx);
  return ok ? 0 : -1;
}

#define THROW_IF(cond, kind, msg)                                                                 \
  do {                                                                                            \
    if (cond) {                                                                                   \
      napi_throw_##kind(env, NULL, msg);                                                          \
      return NULL;                                                                                \
    }                                                                                             \
  } while (0)

static int algorithm_index(napi_env env, napi_value value) {
  char name[16];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, value, name, sizeof name, &len) != napi_ok) return -1;
  for (int i = 0; i < ALG_COUNT; i++) {
    if (strlen(ALG_NAMES[i]) == len && memcmp(ALG_NAMES[i], name, len) == 0) return i;
  }
  return -1;
}

static napi_value Chain(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  THROW_IF(napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok, error, "chain: bad call");
  THROW_IF(argc < 3, type_error, "chain(algorithm, input, iterations): 3 arguments required");

  napi_valuetype type;
  napi_typeof(env, argv[0], &type);
  THROW_IF(type != napi_string, type_error, "chain: algorithm must be a string");
  int alg = algorithm_index(env, argv[0]);
  THROW_IF(alg < 0, range_error,
           "chain: unknown algorithm; expected one of sha256, sha512, sha3_256, sha3_512, blake2b");

  bool is_typed = false;
  napi_is_typedarray(env, argv[1], &is_typed);
  THROW_IF(!is_typed, type_error, "chain: input must be a Uint8Array or Buffer");
  napi_typedarray_type ta_type;
  size_t len = 0;
  void *data = NULL;
  THROW_IF(napi_get_typedarray_info(env, argv[1], &ta_type, &len, &data, NULL, NULL) != napi_ok, error,
           "chain: cannot read input");
  THROW_IF(ta_type != napi_uint8_array, type_error, "chain: input must be a Uint8Array or Buffer");

  napi_typeof(env, argv[2], &type);
  THROW_IF(type != napi_number, type_error, "chain: iterations must be a number");
  double iterations = 0;
  napi_get_value_double(env, argv[2], &iterations);
  THROW_IF(!(iterations >= 0 && iterations <= MAX_SAFE_INTEGER) || iterations != (double)(int64_t)iterations,
           range_error, "chain: iterations must be an integer from 0 to 2^53-1");

  napi_value result;
  void *out = NULL;
  if (iterations == 0) {
    /* A zero-length Uint8Array may report a NULL data pointer; copying zero bytes from it is still fine. */
    THROW_IF(napi_create_buffer_copy(env, len, len ? data : "", &out, &result) != napi_ok, error,
             "chain: out of memory");
    return result;
  }
  const unsigned char *in = len ? (const unsigned char *)data : (const unsigned char *)"";
  pthread_once(&init_once, init_digests);
  const EVP_MD *md = fetched[alg];
  THROW_IF(md == NULL, error, "chain: the OpenSSL in this Node build lacks this digest");
  unsigned char digest[MAX_DIGEST];
  unsigned int n = 0;
  THROW_IF(!EVP_Digest(in, len, digest, &n, md, NULL) || n != DIGEST_BYTES[alg], error,
           "chain: OpenSSL digest failed");
  uint64_t rest = (uint64_t)iterations - 1;
  if (alg == ALG_SHA256) {
    chain_sha256_rounds(digest, rest);
  } else if (alg == ALG_SHA512) {
    chain_sha512_rounds(digest, rest);
  } else if (alg == ALG_BLAKE2B) {
    chain_blake2b512_rounds(digest, rest);
  } else if (sha3_fast) {
    chain_sha3_rounds(digest, n, rest);
  } else {
    THROW_IF(evp_rounds(md, digest, n, rest) != 0, error, "chain: OpenSSL digest failed");
  }
  THROW_IF(napi_create_buffer_copy(env, DIGEST_BYTES[alg], digest, &out, &result) != napi_ok, error,
           "chain: out of memory");
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn, names, name;
  napi_create_function(env, "chain", NAPI_AUTO_LENGTH, Chain, NULL, &fn);
  napi_set_named_property(env, exports, "chain", fn);
  napi_create_array_with_length(env, ALG_COUNT, &names);
  for (uint32_t i = 0; i < ALG_COUNT; i++) {
    napi_create_string_utf8(env, ALG_NAMES[i], NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, names, i, name);
  }
  napi_set_named_property(env, exports, "algorithms", names);
  /* Which SHA-3 path this process uses, for the bench report and the tests ("block" or "evp"). */
  napi_value path;
  pthread_once(&init_once, init_digests);
  napi_create_string_utf8(env, sha3_fast ? "block" : "evp", NAPI_AUTO_LENGTH, &path);
  napi_set_named_property(env, exports, "sha3Path", path);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
