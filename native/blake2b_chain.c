/*
 * BLAKE2b-512 chain rounds (see chains.h), for hashlib.blake2b() defaults: 64-byte digest, no key, salt or
 * personalisation. A one-digest message is a single final block: the 64 digest bytes then 64 zero bytes,
 * byte counter 64, last-block flag set. So each round is one compression from the parameter-adjusted IV,
 * and the message words past the digest are the constant zero, which the fully unrolled rounds fold away.
 */
#include "chains.h"

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

/* Message word schedule per round; rounds 10 and 11 reuse rows 0 and 1. */
static const unsigned char SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static inline uint64_t rotr(uint64_t v, unsigned n) { return (v >> n) | (v << (64 - n)); }

#define G(a, b, c, d, x, y)                                                                               \
  do {                                                                                                    \
    a = a + b + (x);                                                                                      \
    d = rotr(d ^ a, 32);                                                                                  \
    c = c + d;                                                                                            \
    b = rotr(b ^ c, 24);                                                                                  \
    a = a + b + (y);                                                                                      \
    d = rotr(d ^ a, 16);                                                                                  \
    c = c + d;                                                                                            \
    b = rotr(b ^ c, 63);                                                                                  \
  } while (0)

#define ROUND(r)                                                                                          \
  do {                                                                                                    \
    G(v0, v4, v8, v12, m[SIGMA[r][0]], m[SIGMA[r][1]]);                                                   \
    G(v1, v5, v9, v13, m[SIGMA[r][2]], m[SIGMA[r][3]]);                                                   \
    G(v2, v6, v10, v14, m[SIGMA[r][4]], m[SIGMA[r][5]]);                                                  \
    G(v3, v7, v11, v15, m[SIGMA[r][6]], m[SIGMA[r][7]]);                                                  \
    G(v0, v5, v10, v15, m[SIGMA[r][8]], m[SIGMA[r][9]]);                                                  \
    G(v1, v6, v11, v12, m[SIGMA[r][10]], m[SIGMA[r][11]]);                                                \
    G(v2, v7, v8, v13, m[SIGMA[r][12]], m[SIGMA[r][13]]);                                                 \
    G(v3, v4, v9, v14, m[SIGMA[r][14]], m[SIGMA[r][15]]);                                                 \
  } while (0)

static uint64_t load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static void store_le64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

void chain_blake2b512_rounds(unsigned char digest[64], uint64_t rounds) {
  /* Parameter block word 0: digest length 64, key length 0, fanout 1, depth 1. */
  const uint64_t h0 = IV[0] ^ 0x01010040ULL;
  uint64_t m[16] = {0};
  for (int i = 0; i < 8; i++) m[i] = load_le64(digest + 8 * i);
  for (uint64_t r = 0; r < rounds; r++) {
    uint64_t v0 = h0, v1 = IV[1], v2 = IV[2], v3 = IV[3], v4 = IV[4], v5 = IV[5], v6 = IV[6], v7 = IV[7];
    uint64_t v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
    uint64_t v12 = IV[4] ^ 64;  /* byte counter: one 64-byte message */
    uint64_t v13 = IV[5];
    uint64_t v14 = ~IV[6];      /* last-block flag */
    uint64_t v15 = IV[7];
    ROUND(0);
    ROUND(1);
    ROUND(2);
    ROUND(3);
    ROUND(4);
    ROUND(5);
    ROUND(6);
    ROUND(7);
    ROUND(8);
    ROUND(9);
    ROUND(10);
    ROUND(11);
    m[0] = h0 ^ v0 ^ v8;
    m[1] = IV[1] ^ v1 ^ v9;
    m[2] = IV[2] ^ v2 ^ v10;
    m[3] = IV[3] ^ v3 ^ v11;
    m[4] = IV[4] ^ v4 ^ v12;
    m[5] = IV[5] ^ v5 ^ v13;
    m[6] = IV[6] ^ v6 ^ v14;
    m[7] = IV[7] ^ v7 ^ v15;
  }
  for (int i = 0; i < 8; i++) store_le64(digest + 8 * i, m[i]);
}
