/* The library: documents opened before, most recent first, with where reading
 * stopped; Enter opens one in place of the one shown. */
#ifndef PIZHU_UI_LIBRARY_H
#define PIZHU_UI_LIBRARY_H

#include "pizhu/ui/view.h"

/* Opens (with no argument) when the library has documents; else says so. */
extern const struct view_ops library_view;

#endif
