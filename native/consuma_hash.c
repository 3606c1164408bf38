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
 *
 * Threading: synchronous and re-entrant. It may run on any worker thread at the same time as on others:
 * the only shared state is the table of fetched EVP_MD digests, filled once under pthread_once and
 * read-only afterwards. Each call owns its hashing state (one EVP_MD_CTX per call, allocated once per
 * call, never per iteration); the inner loops allocate nothing.
 *
 * Speed: for SHA-256/SHA-512 every round after the first hashes exactly one digest, i.e. exactly one
 * compression of a block whose padding never changes. The block is padded once and each round is one
 * SHA*_Transform plus writing the state words back into the block big-endian. The first round, whose
 * input may have any length (including zero), goes through the ordinary Init/Update/Final.
 * The other algorithms use OpenSSL's EVP interface with the digest fetched once per process.
 *
 * Only symbols exported by the Node binary itself are used (Node's bundled OpenSSL); no libssl is linked.
 */

#define OPENSSL_SUPPRESS_DEPRECATED 1
#define NAPI_VERSION 8

#include <node_api.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

enum { ALG_SHA256, ALG_SHA512, ALG_SHA3_256, ALG_SHA3_512, ALG_BLAKE2B, ALG_COUNT };

static const char *const ALG_NAMES[ALG_COUNT] = {"sha256", "sha512", "sha3_256", "sha3_512", "blake2b"};
/* OpenSSL names for the EVP-backed algorithms (the SHA-2 ones only use EVP nowhere). */
static const char *const EVP_NAMES[ALG_COUNT] = {NULL, NULL, "SHA3-256", "SHA3-512", "BLAKE2B-512"};
static const size_t DIGEST_BYTES[ALG_COUNT] = {32, 64, 32, 64, 64};

#define MAX_DIGEST 64
#define MAX_SAFE_INTEGER 9007199254740991.0

static EVP_MD *fetched[ALG_COUNT];
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_digests(void) {
  for (int i = 0; i < ALG_COUNT; i++) {
    if (EVP_NAMES[i] != NULL) fetched[i] = EVP_MD_fetch(NULL, EVP_NAMES[i], NULL);
  }
}

static void store_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static void store_be64(unsigned char *p, uint64_t v) {
  store_be32(p, (uint32_t)(v >> 32));
  store_be32(p + 4, (uint32_t)v);
}

/* iterations >= 1. out receives 32 bytes. */
static void chain_sha256(const unsigned char *in, size_t len, uint64_t iterations, unsigned char *out) {
  SHA256_CTX ctx, iv;
  unsigned char block[64];
  SHA256_Init(&iv);
  ctx = iv;
  SHA256_Update(&ctx, in, len);
  SHA256_Final(block, &ctx);
  /* The one-digest message, padded once: 0x80, zeros, then the bit length 256 big-endian. */
  memset(block + 32, 0, 32);
  block[32] = 0x80;
  store_be64(block + 56, 256);
  for (uint64_t done = 1; done < iterations; done++) {
    memcpy(ctx.h, iv.h, sizeof ctx.h);
    SHA256_Transform(&ctx, block);
    for (int w = 0; w < 8; w++) store_be32(block + 4 * w, ctx.h[w]);
  }
  memcpy(out, block, 32);
}

/* iterations >= 1. out receives 64 bytes. */
static void chain_sha512(const unsigned char *in, size_t len, uint64_t iterations, unsigned char *out) {
  SHA512_CTX ctx, iv;
  unsigned char block[128];
  SHA512_Init(&iv);
  ctx = iv;
  SHA512_Update(&ctx, in, len);
  SHA512_Final(block, &ctx);
  /* 0x80, zeros, then the bit length 512 as a 128-bit big-endian number. */
  memset(block + 64, 0, 64);
  block[64] = 0x80;
  store_be64(block + 120, 512);
  for (uint64_t done = 1; done < iterations; done++) {
    memcpy(ctx.h, iv.h, sizeof ctx.h);
    SHA512_Transform(&ctx, block);
    for (int w = 0; w < 8; w++) store_be64(block + 8 * w, ctx.h[w]);
  }
  memcpy(out, block, 64);
}

/* iterations >= 1. Returns 0 on success, -1 if OpenSSL refused (reported as a JS error, never a crash). */
static int chain_evp(const EVP_MD *md, const unsigned char *in, size_t len, uint64_t iterations,
                     unsigned char *out) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char buf[MAX_DIGEST];
  unsigned int n = 0;
  int ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, in, len) &&
           EVP_DigestFinal_ex(ctx, buf, &n);
  for (uint64_t done = 1; ok && done < iterations; done++) {
    /* Init with NULL re-initialises the same digest, keeping the provider context (no allocation). */
    ok = EVP_DigestInit_ex2(ctx, NULL, NULL) && EVP_DigestUpdate(ctx, buf, n) &&
         EVP_DigestFinal_ex(ctx, buf, &n);
  }
  EVP_MD_CTX_free(ctx);
  if (ok) memcpy(out, buf, n);
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
  unsigned char digest[MAX_DIGEST];
  if (alg == ALG_SHA256) {
    chain_sha256(in, len, (uint64_t)iterations, digest);
  } else if (alg == ALG_SHA512) {
    chain_sha512(in, len, (uint64_t)iterations, digest);
  } else {
    pthread_once(&fetch_once, fetch_digests);
    THROW_IF(fetched[alg] == NULL, error, "chain: OpenSSL in this Node build lacks the digest");
    THROW_IF(chain_evp(fetched[alg], in, len, (uint64_t)iterations, digest) != 0, error, "chain: OpenSSL digest failed");
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
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
