/* The help screen: every action with its keys in the active keymap, generated from the
 * one action table. */
#ifndef PIZHU_UI_HELP_H
#define PIZHU_UI_HELP_H

#include "pizhu/ui/view.h"

extern const struct view_ops help_view;

#endif
