/* Which key does what in which mode, read from keymap files (tigrc-like), so that
 * users change bindings without a rebuild and the help screen shows what is live. */
#ifndef PIZHU_KEYMAP_H
#define PIZHU_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/action.h"
#include "pizhu/errors.h"
#include "pizhu/key.h"
#include "pizhu/status.h"

/*
 * Modes: where the keys are read. A key bound in `global` applies in every mode
 * that does not bind it itself, except `prompt`, whose unbound keys are text
 * typed into the prompt, and `tagging`, the one key read after tag-prefix, whose
 * unbound keys only cancel it.
 */
#define MODE_LIST(M)                                                     \
	M(GLOBAL,  "global")   /* any pane, unless the mode binds the key */ \
	M(TREE,    "tree")     /* the tree pane has the focus */            \
	M(TEXT,    "text")     /* the text pane has the focus */            \
	M(HELP,    "help")     /* the help screen */                        \
	M(LIBRARY, "library")  /* the list of documents */                  \
	M(TAGS,    "tags")     /* the list of the document's tags */        \
	M(REJECTED, "rejected") /* the list of the suggestions turned down */ \
	M(TAGGING, "tagging")  /* the key after tag-prefix: which type */    \
	M(PROMPT,  "prompt")   /* typing a search, a line or a percentage */

enum mode {
#define MODE_ENUM(id, name) MODE_##id,
	MODE_LIST(MODE_ENUM)
#undef MODE_ENUM
	MODE_COUNT
};

/* Static name of m ("tree"); "" when out of range. */
const char *mode_name(enum mode m);

/* The mode called s[0..n) (ASCII case ignored); MODE_COUNT when there is none. */
enum mode mode_from_name(const char *s, size_t n);

struct keymap;

/* An empty keymap: every lookup gives ACT_NONE. Owned (keymap_free); NULL when
 * out of memory. */
struct keymap *keymap_new(void);

void keymap_free(struct keymap *km);

/*
 * Reads keymap text s[0..n) into km, on top of what km already holds, so that a
 * user's file loaded after the default changes single bindings. One command a line:
 *
 *     bind   <mode> <key> <action>    later bindings of a key replace earlier ones
 *     bind   <mode> <key> none        the key does nothing in that mode, even if
 *                                     global binds it
 *     unbind <mode> <key>             forget the mode's binding (global applies again)
 *
 * Words are separated by spaces and tabs; a word starting with '#' begins a
 * comment to the end of the line; blank lines are ignored; CRLF is fine. Names
 * of modes and actions ignore ASCII case; keys are named as key_parse reads them.
 *
 * A line with a mistake is skipped and reported in errs (if not NULL) as
 * "file:line: what is wrong", with file the given filename ("line N: ..." when
 * filename is NULL); reading goes on, so every mistake is reported and every good
 * line applies. Returns PZ_OK, PZ_SYNTAX when any line was wrong, PZ_NOMEM (km
 * holds what was read before). Messages are appended to errs.
 *
 * The contract for the UI: on anything but PZ_OK, show the messages and start
 * with a fresh keymap of the defaults alone, not with a half-applied one.
 */
enum pz_status keymap_load(struct keymap *km, const char *s, size_t n,
                           const char *filename, struct pz_errors *errs);

/* Binds key in mode to a (ACT_NONE: explicitly nothing, hiding a global binding),
 * replacing the key's binding there. Returns PZ_OK, PZ_SYNTAX for an invalid key
 * or an out-of-range mode or action, PZ_NOMEM. */
enum pz_status keymap_bind(struct keymap *km, enum mode m, struct key key, enum action a);

/* Binds two keys pressed one after the other (a key word of two keys in a keymap
 * file: "]c", "<C-w>j") in mode m to a, replacing that pair's binding (ACT_NONE: the
 * pair does nothing). The first key keeps its own binding: the UI runs it when the
 * second key does not complete a pair that the view can act on (keymap_seqs_from).
 * PZ_OK, PZ_SYNTAX (invalid key, mode or action) or PZ_NOMEM. */
enum pz_status keymap_bind_seq(struct keymap *km, enum mode m, struct key first,
                               struct key second, enum action a);

/* The action of the pair first, second in mode m, else in global (never in prompt);
 * ACT_NONE when none. */
enum action keymap_lookup_seq(const struct keymap *km, enum mode m, struct key first,
                              struct key second);

/* The actions of the pairs that begin with first in mode m or global: up to max into
 * out; returns how many there are (0: first begins no pair). */
size_t keymap_seqs_from(const struct keymap *km, enum mode m, struct key first,
                        enum action *out, size_t max);

/* The pairs bound to a in mode m itself (not global's): up to max into first[] and
 * second[]; returns how many there are. The help screen lists them after the keys. */
size_t keymap_pairs_for(const struct keymap *km, enum mode m, enum action a, struct key *first,
                        struct key *second, size_t max);

/* Forgets key's binding in mode m, if any. */
void keymap_unbind(struct keymap *km, enum mode m, struct key key);

/* The action of key in mode m: the mode's own binding, else (unless m is
 * MODE_PROMPT or MODE_TAGGING) the global one, else ACT_NONE. */
enum action keymap_lookup(const struct keymap *km, enum mode m, struct key key);

/* The one key to name when a message says how to do a in mode m (with global's when m
 * inherits them): the key bound by the file loaded last that binds one (a user's or an
 * overlaid keymap's before the default's), the first one that file binds. False when
 * none. */
bool keymap_key_latest(const struct keymap *km, enum mode m, enum action a, struct key *out);

/* The keys that give action a in mode m, as keymap_lookup decides: the mode's
 * own keys, then the global keys that the mode does not rebind, each group in
 * the order the bindings were first made (a file's order). Writes up to max keys
 * to out (out may be NULL when max is 0) and returns how many there are. For
 * MODE_GLOBAL, the global keys. This is what the help screen lists. */
size_t keymap_keys_for(const struct keymap *km, enum mode m, enum action a,
                       struct key *out, size_t max);

/* Line k of the key list that the help screen and `pizhu help keys` show: a mode's
 * heading (*heading true), an action's keys then its help text (the keys end where
 * two spaces begin), or a blank line; generated from the action table and km.
 * Returns false past the last line. */
bool keymap_help_line(const struct keymap *km, size_t k, char *buf, size_t len, bool *heading);

#endif
