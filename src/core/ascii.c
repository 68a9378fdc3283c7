/* The one case-insensitive name comparison of the keymap, theme, key and action
 * readers. */
#include "pizhu/ascii.h"

unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

bool ascii_name_eq(const char *name, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (name[i] == '\0' || ascii_lower((unsigned char)name[i]) != ascii_lower((unsigned char)s[i]))
			return false;
	return name[i] == '\0';
}
