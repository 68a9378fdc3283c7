/* The one hash of bytes: what tells the versions of a document apart (stored in the
 * database, so it never changes) and what the comparison of drafts interns its
 * sentences and words by. An identity for content, not a defence against forgery. */
#ifndef PIZHU_HASH_H
#define PIZHU_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a over 64-bit words, then the tail bytes, of s[0..n). O(n), eight bytes a step.
 * Its low bits are weak for short keys: a hash table takes hash_mix of it. */
uint64_t hash_bytes(const char *s, size_t n);

/* A 64-bit finaliser (MurmurHash3's fmix64): every bit of h moves every bit out. */
static inline uint64_t hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

#endif
