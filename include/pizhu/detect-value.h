/* A phrase's value (detect.h): the last day a deadline allows, counted from the
 * speech's date; a target's operator, figure and unit. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_VALUE_H
#define PIZHU_DETECT_VALUE_H

#include "pizhu/date.h"
#include "pizhu/detect-pattern.h"
#include "pizhu/detect-rules.h"

/* Writes the value of deadline rule r's match c into out (DETECT_VALUE_MAX bytes), for
 * a speech dated at (parts 0 when unknown). */
void value_deadline(const struct detect_rule *r, const struct caps *c, const struct date *at,
                    char *out);

/* Writes the value of target rule r's match c into out (DETECT_VALUE_MAX bytes). */
void value_target(const struct detect_rule *r, const struct caps *c, char *out);

#endif
