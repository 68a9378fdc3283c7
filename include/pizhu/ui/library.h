/* The library: documents opened before, most recent first, with where reading
 * stopped; Enter opens one. */
#ifndef PIZHU_UI_LIBRARY_H
#define PIZHU_UI_LIBRARY_H

#include "pizhu/ui/app.h"

extern const struct view_ops library_view;

/* Reads the list from the store; false when there is none to show. */
bool library_load(struct app *a);

#endif
