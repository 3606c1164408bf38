/*
 * The chain loops behind consuma_hash.c. Each continues a chain whose first round is already done: `digest`
 * holds the current digest and `rounds` more rounds of digest = H(digest) are applied in place. From the
 * second round on the message is always exactly one digest, so every round is a single compression of a
 * block whose padding never changes: the loops pad once, keep the state in machine words and allocate
 * nothing. Pure functions of their arguments, safe on any number of threads at once.
 */
#ifndef CONSUMA_CHAINS_H
#define CONSUMA_CHAINS_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 / SHA-512 through OpenSSL's block function (SHA*_Transform, its assembly where the CPU allows). */
void chain_sha256_rounds(unsigned char digest[32], uint64_t rounds);
void chain_sha512_rounds(unsigned char digest[64], uint64_t rounds);

/* BLAKE2b-512 (no key, salt or personalisation) with our own compression function; OpenSSL's is plain C
 * behind the EVP layer, and specialising it to the one-block message measured ~1.7x faster. */
void chain_blake2b512_rounds(unsigned char digest[64], uint64_t rounds);

/* SHA3-256 (digest_bytes 32) / SHA3-512 (64) through OpenSSL's SHA3_absorb, bound weakly: call only when
 * sha3_fast_linked() and a known-answer check against EVP agree (consuma_hash.c does both, once). */
int sha3_fast_linked(void);
void chain_sha3_rounds(unsigned char *digest, size_t digest_bytes, uint64_t rounds);

#endif
