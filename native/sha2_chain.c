/*
 * SHA-256 / SHA-512 chain rounds (see chains.h). The one-digest message is padded once (0x80, zeros, the
 * bit length big-endian); each round resets the state to the IV, runs one SHA*_Transform over the block and
 * writes the state words back into the block big-endian, which is exactly the next round's message.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1 /* SHA*_Transform is deprecated in OpenSSL 3 but exported by Node */

#include <openssl/sha.h>
#include <string.h>

#include "chains.h"

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

void chain_sha256_rounds(unsigned char digest[32], uint64_t rounds) {
  SHA256_CTX ctx, iv;
  unsigned char block[64] = {0};
  SHA256_Init(&iv);
  memcpy(block, digest, 32);
  block[32] = 0x80;
  store_be64(block + 56, 256);
  for (uint64_t r = 0; r < rounds; r++) {
    memcpy(ctx.h, iv.h, sizeof ctx.h);
    SHA256_Transform(&ctx, block);
    for (int w = 0; w < 8; w++) store_be32(block + 4 * w, ctx.h[w]);
  }
  memcpy(digest, block, 32);
}

void chain_sha512_rounds(unsigned char digest[64], uint64_t rounds) {
  SHA512_CTX ctx, iv;
  unsigned char block[128] = {0};
  SHA512_Init(&iv);
  memcpy(block, digest, 64);
  block[64] = 0x80;
  store_be64(block + 120, 512); /* the low half of a 128-bit length; the high half stays zero */
  for (uint64_t r = 0; r < rounds; r++) {
    memcpy(ctx.h, iv.h, sizeof ctx.h);
    SHA512_Transform(&ctx, block);
    for (int w = 0; w < 8; w++) store_be64(block + 8 * w, ctx.h[w]);
  }
  memcpy(digest, block, 64);
}
