/* The reader's background threads (the loader that builds the outline and finds the
 * suggestions, the keeper that writes to the database apart from the reader) give way
 * to the thread that answers keys: a processor both want goes to the keys first. */
#ifndef PIZHU_PRIORITY_H
#define PIZHU_PRIORITY_H

/* The nice value of a background thread (the threads it starts take it over). */
#define PRIORITY_BACKGROUND_NICE 10

/* Lowers the calling thread's priority to PRIORITY_BACKGROUND_NICE (never raises it:
 * a reader started with nice 15 keeps 15). Linux gives each thread its own nice
 * value; elsewhere this does nothing. Failing changes nothing and says nothing: the
 * work is the same, only its order with the keys. */
void priority_background(void);

/* The calling thread's nice value (Linux: its own; elsewhere the process's). */
int priority_nice(void);

#endif
