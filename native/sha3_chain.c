/*
 * SHA3-256/SHA3-512 chain rounds (see chains.h) on OpenSSL's own Keccak block function, without the EVP
 * layer around it. A one-digest message fits one block (rate 136 or 72 bytes), padded once: each round
 * zeroes the state, absorbs the block (one Keccak-f[1600], OpenSSL's assembly where it has one) and copies
 * the first lanes back into the block as the next message.
 *
 * SHA3_absorb is exported by the Node binary but declared in no public header, so it is bound weakly (a
 * Node without it still loads the addon) and trusted only after sha3_fast_self_test() has matched it
 * against the EVP result. Otherwise consuma_hash.c keeps using EVP, which is always correct.
 */
#include <stddef.h>
#include <string.h>

#include "chains.h"

extern size_t SHA3_absorb(uint64_t A[5][5], const unsigned char *inp, size_t len, size_t r)
    __attribute__((weak));

int sha3_fast_linked(void) { return SHA3_absorb != NULL; }

static void store_le64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

void chain_sha3_rounds(unsigned char *digest, size_t digest_bytes, uint64_t rounds) {
  const size_t rate = 200 - 2 * digest_bytes; /* 136 for SHA3-256, 72 for SHA3-512 */
  unsigned char block[136] = {0};
  uint64_t state[5][5];
  memcpy(block, digest, digest_bytes);
  block[digest_bytes] = 0x06;  /* SHA-3 domain bits, then the first padding bit */
  block[rate - 1] |= 0x80;     /* the last padding bit */
  for (uint64_t r = 0; r < rounds; r++) {
    memset(state, 0, sizeof state);
    SHA3_absorb(state, block, rate, rate);
    /* Lanes are little-endian 64-bit words: the digest is the first digest_bytes / 8 of them. */
    for (size_t i = 0; i < digest_bytes / 8; i++) store_le64(block + 8 * i, state[i / 5][i % 5]);
  }
  memcpy(digest, block, digest_bytes);
}
