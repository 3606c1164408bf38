/*
 * consuma_reference: the plain, straightforward C chain loops the engine benchmark compares against.
 * Bench only; the service never loads it.
 *
 * Contract
 *   referenceChain(algorithm: string, input: Uint8Array, iterations: number) -> Buffer
 *     Same result as consuma_hash's chain (sha256, sha512, sha3_256, sha3_512, blake2b), computed the
 *     obvious way: SHA-256/SHA-512 with SHA*_Init/Update/Final every iteration; the others with OpenSSL
 *     EVP, the digest fetched once per call and one context reused (EVP_DigestInit_ex every iteration).
 *     Arguments are checked loosely (a bench tool, not an API), but bad ones still throw, never crash.
 *   Synchronous; shares nothing between calls, so it is safe on any thread.
 */

#define OPENSSL_SUPPRESS_DEPRECATED 1
#define NAPI_VERSION 8

#include <node_api.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_error(env, NULL, msg);
  return NULL;
}

static napi_value ReferenceChain(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char name[16] = {0};
  size_t name_len = 0;
  napi_typedarray_type ta_type;
  size_t len = 0;
  void *data = NULL;
  double iterations = -1;
  bool is_typed = false;

  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) {
    return fail(env, "referenceChain(algorithm, input, iterations)");
  }
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &name_len) != napi_ok ||
      napi_is_typedarray(env, argv[1], &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, argv[1], &ta_type, &len, &data, NULL, NULL) != napi_ok ||
      ta_type != napi_uint8_array || napi_get_value_double(env, argv[2], &iterations) != napi_ok ||
      !(iterations >= 0 && iterations <= 9007199254740991.0)) {
    return fail(env, "referenceChain: expected (string, Uint8Array, non-negative integer)");
  }

  unsigned char buf[EVP_MAX_MD_SIZE];
  size_t n = 0;
  uint64_t count = (uint64_t)iterations;
  const unsigned char *first = len ? (const unsigned char *)data : (const unsigned char *)"";
  if (count == 0) {
    napi_value copy;
    void *out;
    if (napi_create_buffer_copy(env, len, first, &out, &copy) != napi_ok) return fail(env, "out of memory");
    return copy;
  }

  if (strcmp(name, "sha256") == 0) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, first, len);
    SHA256_Final(buf, &c);
    for (uint64_t i = 1; i < count; i++) {
      SHA256_Init(&c);
      SHA256_Update(&c, buf, 32);
      SHA256_Final(buf, &c);
    }
    n = 32;
  } else if (strcmp(name, "sha512") == 0) {
    SHA512_CTX c;
    SHA512_Init(&c);
    SHA512_Update(&c, first, len);
    SHA512_Final(buf, &c);
    for (uint64_t i = 1; i < count; i++) {
      SHA512_Init(&c);
      SHA512_Update(&c, buf, 64);
      SHA512_Final(buf, &c);
    }
    n = 64;
  } else {
    const char *evp_name = strcmp(name, "sha3_256") == 0   ? "SHA3-256"
                           : strcmp(name, "sha3_512") == 0 ? "SHA3-512"
                           : strcmp(name, "blake2b") == 0  ? "BLAKE2B-512"
                                                           : NULL;
    if (evp_name == NULL) return fail(env, "referenceChain: unknown algorithm");
    EVP_MD *md = EVP_MD_fetch(NULL, evp_name, NULL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int out_len = 0;
    int ok = md != NULL && ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL) &&
             EVP_DigestUpdate(ctx, first, len) && EVP_DigestFinal_ex(ctx, buf, &out_len);
    for (uint64_t i = 1; ok && i < count; i++) {
      ok = EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, buf, out_len) &&
           EVP_DigestFinal_ex(ctx, buf, &out_len);
    }
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    if (!ok) return fail(env, "referenceChain: OpenSSL digest failed");
    n = out_len;
  }

  napi_value result;
  void *out;
  if (napi_create_buffer_copy(env, n, buf, &out, &result) != napi_ok) return fail(env, "out of memory");
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "referenceChain", NAPI_AUTO_LENGTH, ReferenceChain, NULL, &fn);
  napi_set_named_property(env, exports, "referenceChain", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
