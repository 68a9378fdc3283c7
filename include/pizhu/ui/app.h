/* The reader: what is truly global while it runs (the terminal's size and colours, the
 * keymap, the theme and the tag types the config declares, the document's session, the
 * stack of views, the message on the status line) and the loop that reads keys and
 * draws. Every view keeps its own state (view.h); nothing outside src/ui sees this. */
#ifndef PIZHU_UI_APP_H
#define PIZHU_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "pizhu/config.h"
#include "pizhu/keeper.h"
#include "pizhu/keymap.h"
#include "pizhu/loader.h"
#include "pizhu/session.h"
#include "pizhu/store.h"
#include "pizhu/tagtype.h"
#include "pizhu/theme.h"
#include "pizhu/ui/view.h"

/* What the reader was started with (from the command line and the config file). */
struct app_options {
	const char *file;       /* NULL: the library, or the sample when it is empty */
	const char *db;         /* --db, or NULL */
	const char *keymap;     /* --keymap NAME|FILE, or NULL */
	const char *theme;      /* --theme NAME|FILE, or NULL */
	const char *encoding;   /* --encoding, or NULL */
	const char *author;     /* --author, or NULL (config_author) */
};

/* The stages of opening a document left for after the first screen (app.c). */
enum {
	APP_RECORD = 1,         /* the library entry (a write that syncs) */
	APP_OUTLINE = 2,        /* a large file's full outline and suggestions (loader_build) */
	APP_CHANGED = 4,        /* the file changed on disk: read-again reads it */
	APP_READ_AGAIN = 8,     /* read it again, when the keys' handler has returned */
	APP_SUGGEST = 16,       /* the suggestions of a file that is not large */
	APP_SAVE = 32,          /* what opening left unwritten (session_save), and the text */
	APP_TAGS = 64,          /* the rest of a known document's tags (session_complete_tags) */
};

#define APP_VIEWS 16        /* the deepest stack of views */
#define APP_KEPT 8          /* views that keep something between their openings */

struct app {
	struct app_options opt;
	int rows, cols;                    /* the screen */
	int colors;                        /* what the terminal has, after NO_COLOR */
	struct keymap *km;
	struct theme *theme;
	struct tagtypes types;             /* built-in and declared (config_tagtypes) */
	enum theme_element type_element[TAGTYPE_MAX]; /* the theme element of each */
	bool zh;                           /* labels in Chinese */
	char author[256];                  /* the reviewer (config_author) */
	struct config cfg;                 /* the settings file's (citation, paragraphs,
	                                      max-width: read by the views) */
	const struct pz_errors *mistakes;  /* in the config, keymap and theme files: the
	                                      help view shows them in full; NULL: none */

	store *st;                         /* NULL: nothing is kept (the message says why) */
	session *s;                        /* the document on screen */
	unsigned pending;                  /* APP_RECORD, APP_OUTLINE, ... */
	loader *load;                      /* the worker building a large file's parts */
	keeper *keep;                      /* the thread writing the library entry and the
	                                      version (recording), then keeping the text of a
	                                      new version: it reads the session's text */
	struct app_recording {             /* the library record keep writes (record_now) */
		struct session_record r;
		enum pz_status st;         /* its status, once written */
		bool waiting;              /* under way, or written and not taken back yet */
		bool threaded;             /* written by keep (else here, at once) */
	} recording;
	keeper *compare;                   /* the thread comparing a new file with the
	                                      library's documents (it reads the session) */
	struct app_resembling {            /* what it found (review_offer's arguments) */
		const session *s;
		enum pz_status st;
		int64_t doc;
		char *path;
		size_t drafts;
	} resembling;
	bool drawn;                        /* the first screen is drawn */
	bool writing;                      /* the database was readied for writing
	                                      (store_ready_to_write), after the first screen */
	bool failed;                       /* the file could not be read whole: the message
	                                      says why, the reader ends */
	char *open_next;                   /* a document to open instead, when the loop ends */

	struct view *stack[APP_VIEWS];     /* stack[0] the panes; the top one has the keys */
	size_t depth;
	struct {                           /* what kinds of view keep between openings */
		const struct view_ops *ops;
		void *mem;
	} kept[APP_KEPT];

	char message[1024];
	bool message_is_error;
	bool pasting;                      /* between the terminal's paste start and end */
	const struct view *drawn_body;     /* the view that covered the body in the last frame */
};

/* The bytes of $HOME that path (or a message naming a file first) starts with, followed
 * by '/': shown as '~' (0: it does not start there). */
size_t app_home_prefix(const char *path);

/* Runs the reader; returns the process's exit status. Prints its own messages. */
int app_run(const struct app_options *opt);

/* Says something on the status line (until the next key). */
void app_message(struct app *a, bool error, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* app_message with a count: one or many chosen for n in the user's language (ngettext),
 * n itself among the arguments when the text shows it. */
void app_messagen(struct app *a, bool error, unsigned long n, const char *one, const char *many, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* The keys that give act in mode m as the user types them, into buf: its own key there
 * ("X"), else the tag key and its key after it ("a r"), else "?". Returns buf. Messages
 * that name a key take it from here, so they follow the keymap. */
const char *app_keys_for(const struct app *a, enum mode m, enum action act, char *buf,
                         size_t len);

/* The keys of each of acts[0..n) in mode m (as app_keys_for), one after another with a
 * space between ("* #"), into buf. Returns buf. */
const char *app_keys_list(const struct app *a, enum mode m, const enum action *acts, size_t n,
                          char *buf, size_t len);

/* The keys that tag the text with the five built-in types, into buf: when the keymap
 * tags with single keys, those ("r m s z p"), else the tag key then the keys after it
 * ("a then r m s z p"). Returns buf. */
const char *app_tag_keys(const struct app *a, char *buf, size_t len);

/* Opens a view of ops over the focused one with arg (see view_new) and puts it on top
 * of the stack. NULL when it cannot open (it said why) or the stack is full. */
struct view *app_push(struct app *a, const struct view_ops *ops, const void *arg);

/* Takes v (and whatever stands above it) off the stack and frees it. */
void app_close(struct app *a, struct view *v);

/* The view that gets the keys: the top of the stack, or the one it focuses. */
struct view *app_focus(struct app *a);

/* The first view of ops in the stack, looking into views made of others; NULL. */
struct view *app_find(struct app *a, const struct view_ops *ops);

/* Asks for the document at path to be opened once the key is handled (the library). */
void app_open_next(struct app *a, const char *path);

/* Memory of size bytes that views of ops keep from one opening to the next (a list's
 * filters), zeroed the first time; NULL when out of memory. Freed when the reader ends. */
void *app_keep(struct app *a, const struct view_ops *ops, size_t size);

#endif
