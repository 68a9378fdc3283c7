/* Unit tests of the UTF-8 counters: they take sixteen and eight bytes at a time, so
 * they are checked against a byte-by-byte count on every length and alignment. */
#include "pizhu/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static size_t count_slowly(const unsigned char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (s[i] & 0xC0) != 0x80;
	return k;
}

static size_t wide_slowly(const unsigned char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] >= 0xE0;
	return k;
}

/* Random bytes biased towards Chinese (lead E4-E9, continuations), every length up to
 * 700 at every alignment up to 16, and one run long enough to fold a lane's sums. */
static void counts_match_byte_by_byte(void **state)
{
	(void)state;
	static unsigned char buf[9000];
	unsigned x = 7;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		unsigned r = x >> 16;
		buf[i] = (unsigned char)(r % 3 == 0 ? 0xE4 + r % 6 : r % 3 == 1 ? 0x80 + (r >> 3) % 64
		                                                          : (r >> 3) % 256);
	}
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n <= 700; n++) {
			assert_int_equal(utf8_count((const char *)buf + off, n), count_slowly(buf + off, n));
			assert_int_equal(utf8_columns_approx((const char *)buf + off, n),
			                 count_slowly(buf + off, n) + wide_slowly(buf + off, n));
		}
	assert_int_equal(utf8_count((const char *)buf + 3, sizeof(buf) - 3),
	                 count_slowly(buf + 3, sizeof(buf) - 3));
	/* every byte a continuation: the lanes' sums reach 255 per fold */
	memset(buf, 0x80, sizeof(buf));
	assert_int_equal(utf8_count((const char *)buf, sizeof(buf)), 0);
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(utf8_count((const char *)buf, sizeof(buf)), sizeof(buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_match_byte_by_byte),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
