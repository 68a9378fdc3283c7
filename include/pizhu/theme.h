/* Colours as semantic elements ("tree.selected", "text.heading1"), read from theme
 * files by name, so that what the reader shows and how it looks stay apart. */
#ifndef PIZHU_THEME_H
#define PIZHU_THEME_H

#include <stddef.h>
#include "pizhu/errors.h"
#include "pizhu/status.h"

/* THEME_ATTR(ID, "name"): attributes as theme files name them. The TA_* bits are
 * pizhu's own; the UI turns them into curses attributes. */
#define THEME_ATTR_LIST(A)          \
	A(BOLD,      "bold")        \
	A(DIM,       "dim")         \
	A(UNDERLINE, "underline")   \
	A(REVERSE,   "reverse")     \
	A(STANDOUT,  "standout")    \
	A(ITALIC,    "italic")      \
	A(BLINK,     "blink")

enum theme_attr_bit {
#define THEME_ATTR_BIT(id, name) TA_BIT_##id,
	THEME_ATTR_LIST(THEME_ATTR_BIT)
#undef THEME_ATTR_BIT
	TA_BIT_COUNT
};

enum theme_attr {
	TA_NORMAL = 0,
#define THEME_ATTR_FLAG(id, name) TA_##id = 1u << TA_BIT_##id,
	THEME_ATTR_LIST(THEME_ATTR_FLAG)
#undef THEME_ATTR_FLAG
	TA_ALL = (1u << TA_BIT_COUNT) - 1
};

/*
 * THEME_ELEMENT(ID, "name", "what it is", default attributes). The defaults use
 * no colour at all: they are the monochrome design (themes/mono.theme says the
 * same), and what an element gets when a theme file leaves it out. Italic is never
 * the only cue: the screen-256color terminfo, among others, has no italics.
 */
#define THEME_ELEMENT_LIST(E)                                                            \
	E(TREE_NORMAL,      "tree.normal",      "a node of the tree",                   TA_NORMAL) \
	E(TREE_SELECTED,    "tree.selected",    "the selected node",                    TA_REVERSE) \
	E(TREE_CURRENT,     "tree.current",     "the node holding the top of the text", TA_BOLD) \
	E(TREE_MARKER,      "tree.marker",      "a node's marker (一、 （二） 3.)",     TA_NORMAL) \
	E(TREE_SIZE,        "tree.size",        "a node's size in characters",          TA_DIM) \
	E(TEXT_NORMAL,      "text.normal",      "the text",                             TA_NORMAL) \
	E(TEXT_HEADING1,    "text.heading1",    "a heading of the first level",         TA_BOLD | TA_UNDERLINE) \
	E(TEXT_HEADING2,    "text.heading2",    "a heading of the second level",        TA_BOLD) \
	E(TEXT_HEADING3,    "text.heading3",    "a heading of the third level or below", TA_BOLD | TA_ITALIC) \
	E(TEXT_PLACEHOLDER, "text.placeholder", "a placeholder left in a draft (XX, x月xx日)", TA_UNDERLINE) \
	E(TEXT_SENTENCE,    "text.sentence",    "the sentence cursor",                  TA_REVERSE) \
	E(TEXT_SEARCH,      "text.search",      "a search match",                       TA_BOLD | TA_UNDERLINE | TA_REVERSE) \
	E(TEXT_TITLE,       "text.title",       "a speech's title, speaker and date",   TA_BOLD) \
	E(STATUS,           "status",           "the status line",                      TA_REVERSE) \
	E(STATUS_MESSAGE,   "status.message",   "a message in the status line",         TA_REVERSE | TA_BOLD) \
	E(STATUS_ERROR,     "status.error",     "an error in the status line",          TA_REVERSE | TA_BOLD | TA_UNDERLINE) \
	E(PROMPT,           "prompt",           "the line where a search or a number is typed", TA_NORMAL) \
	E(HELP_HEADING,     "help.heading",     "a heading of the help screen",         TA_BOLD | TA_UNDERLINE) \
	E(HELP_KEY,         "help.key",         "a key on the help screen",             TA_BOLD) \
	E(HELP_TEXT,        "help.text",        "what a key does on the help screen",   TA_NORMAL) \
	E(LIBRARY_NORMAL,   "library.normal",   "a document in the library",            TA_NORMAL) \
	E(LIBRARY_SELECTED, "library.selected", "the selected document",                TA_REVERSE) \
	E(SEPARATOR,        "separator",        "the line between the panes",           TA_NORMAL) \
	E(TEXT_SELECTION,   "text.selection",   "the passage being selected for a tag", TA_REVERSE | TA_UNDERLINE) \
	E(TAG_TASK,         "tag.task",         "text tagged as a task (任务)",         TA_BOLD | TA_UNDERLINE) \
	E(TAG_TARGET,       "tag.target",       "text tagged as a target (目标)",       TA_UNDERLINE) \
	E(TAG_DEADLINE,     "tag.deadline",     "text tagged as a deadline (时限)",     TA_BOLD) \
	E(TAG_OWNER,        "tag.owner",        "text tagged as an owner (责任单位)",   TA_DIM) \
	E(TAG_NOTE,         "tag.note",         "text carrying a note (批注)",          TA_DIM | TA_UNDERLINE) \
	E(TAG_EXTRA1,       "tag.extra1",       "text tagged with a type from the config", TA_UNDERLINE) \
	E(TAG_EXTRA2,       "tag.extra2",       "text tagged with a type from the config", TA_BOLD | TA_DIM) \
	E(TAG_SUGGESTION,   "tag.suggestion",   "a suggested tag, not yet accepted",    TA_DIM) \
	E(TREE_TAGS,        "tree.tags",        "how many tags a node holds",           TA_BOLD) \
	E(TAGS_NORMAL,      "tags.normal",      "a tag in the tag list",                TA_NORMAL) \
	E(TAGS_SELECTED,    "tags.selected",    "the selected tag in the tag list",     TA_REVERSE) \
	E(TAGS_ORPHAN,      "tags.orphan",      "an orphaned tag (its text is gone)",   TA_DIM) \
	E(REVIEW_INSERTED,  "review.inserted",  "text a new draft inserted or put in place of other text", TA_BOLD | TA_UNDERLINE) \
	E(REVIEW_DELETED,   "review.deleted",   "text a new draft deleted, shown where it stood", TA_DIM | TA_ITALIC) \
	E(REVIEW_MOVED,     "review.moved",     "a passage a new draft moved here",     TA_UNDERLINE) \
	E(REVIEW_FORM,      "review.form",      "a change of form only (，/, ２０２５/2025)", TA_DIM | TA_UNDERLINE) \
	E(TREE_CHANGES,     "tree.changes",     "how many changes a node holds (review)", TA_BOLD)

enum theme_element {
#define THEME_ELEMENT_ENUM(id, name, help, attrs) TE_##id,
	THEME_ELEMENT_LIST(THEME_ELEMENT_ENUM)
#undef THEME_ELEMENT_ENUM
	TE_COUNT
};

/* Colours: -1 is the terminal's default (use_default_colors), 0-7 black red green
 * yellow blue magenta cyan white, 8-15 their bright-* forms, 16-255 xterm's cube
 * and grey ramp. */
#define THEME_DEFAULT_COLOR (-1)

struct theme_style {
	int fg, bg;        /* -1 .. 255 */
	unsigned attrs;    /* TA_* bits */
};

struct theme;

/* A theme holding every element's default. Owned (theme_free); NULL when out of
 * memory. */
struct theme *theme_new(void);

void theme_free(struct theme *t);

/*
 * Reads theme text s[0..n) into t, on top of what t holds. One command a line,
 * tig's:
 *
 *     color <element> <fg> <bg> [<attribute> ...]
 *
 * which sets all three of the element's fg, bg and attributes (later lines win).
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-<one of those eight but default>, colorN (N 0-255). Attributes: bold, dim,
 * underline, reverse, standout, italic, blink, normal (none). Names ignore ASCII
 * case. Words are separated by spaces and tabs; a word starting with '#' begins a
 * comment; blank lines are ignored.
 *
 * Mistakes are collected as keymap_load collects them ("file:line: what is
 * wrong", every line read, good lines applied, messages appended to errs if not
 * NULL). Returns PZ_OK or PZ_SYNTAX. As with keymaps, the UI shows the messages
 * and, on PZ_SYNTAX, starts with a fresh theme_new instead.
 */
enum pz_status theme_load(struct theme *t, const char *s, size_t n,
                          const char *filename, struct pz_errors *errs);

/* The style of element e as loaded (not degraded); the default style
 * {-1, -1, 0} for e out of range. */
struct theme_style theme_get(const struct theme *t, enum theme_element e);

/* Sets e's style; fg and bg are clamped to -1..255 and attrs to TA_ALL. */
void theme_set(struct theme *t, enum theme_element e, struct theme_style s);

/* The element's name ("tree.selected") and description; "" out of range. Static. */
const char *theme_element_name(enum theme_element e);
const char *theme_element_help(enum theme_element e);

/* The element called s[0..n) (ASCII case ignored); TE_COUNT when none is. */
enum theme_element theme_element_from_name(const char *s, size_t n);

/* The colour called s[0..n) in *out (-1..255). Returns PZ_OK or PZ_SYNTAX. */
enum pz_status theme_color_from_name(const char *s, size_t n, int *out);

/*
 * Colour c (-1..255) as shown on a terminal with `colors` colours (curses'
 * COLORS): unchanged when it fits; 16-255, below 256 colours, become the nearest
 * of the 16 basic colours (by xterm's palette); with fewer than 16 colours
 * bright-X becomes X;
 * with fewer than 8 every colour is -1. -1 stays -1, and so does anything out of
 * range.
 */
int theme_color_degrade(int c, int colors);

/*
 * Style s as the UI should apply it on a terminal with `colors` colours: both
 * colours degraded by theme_color_degrade; below 16 colours, a foreground that
 * was bright gains TA_BOLD (the 8-colour way to brighten), except bright-black,
 * which would vanish on a black background and becomes the default with TA_DIM; a
 * background that was bright-black becomes the default. Attributes are otherwise
 * kept. With fewer than 8 colours only the attributes remain, so a colour theme
 * loses its cues: the UI uses the mono theme then (and when NO_COLOR is set).
 */
struct theme_style theme_style_degrade(struct theme_style s, int colors);

#endif
