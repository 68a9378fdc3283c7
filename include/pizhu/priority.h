/* The reader's background threads (the loader that builds the outline and finds the
 * suggestions, the keeper that writes to the database apart from the reader) give way
 * to the thread that answers keys: a processor both want goes to the keys first. */
#ifndef PIZHU_PRIORITY_H
#define PIZHU_PRIORITY_H

#include <stdbool.h>

/* The nice value of a background thread (the threads it starts take it over). */
#define PRIORITY_BACKGROUND_NICE 10

/* The time slice the thread that answers keys asks for, in microseconds: about what
 * drawing the screen after a key takes it. */
#define PRIORITY_KEYS_SLICE_US 300

/* Lowers the calling thread's priority to PRIORITY_BACKGROUND_NICE (never raises it:
 * a reader started with nice 15 keeps 15), and gives it the kernel's usual time slice
 * should it have taken priority_keys' over from the thread that started it; where
 * priority_background_idle says so, it also runs only when the process's other
 * threads leave a processor free (SCHED_IDLE: for good, leaving it needs privilege).
 * Linux gives each thread its own nice value; elsewhere this does nothing. Failing
 * changes nothing and says nothing: the work is the same, only its order with the
 * keys. */
void priority_background(void);

/* Whether priority_background makes threads SCHED_IDLE: on Linux when the scheduler
 * weighs the process's session as one program against the others (autogroup on, the
 * process in no CPU cgroup below the root), so that background threads yield to the
 * keys' thread alone, not to every other program's busy threads, which the keys'
 * thread may then wait on (a tag key waits for the outline). */
bool priority_background_idle(void);

/* Asks the kernel to run the calling thread in slices of PRIORITY_KEYS_SLICE_US
 * (Linux's sched_setattr; since Linux 6.12 a waking thread whose slice is shorter
 * than the running one's comes first), its policy and nice value unchanged. True when
 * the kernel took it (it reads it back); false where it does not: other systems,
 * Linux before 6.12 (which ignores the request), a thread that is not of the normal
 * policy (left as it is). Needs no privilege. */
bool priority_keys(void);

/* The calling thread's nice value (Linux: its own; elsewhere the process's). */
int priority_nice(void);

/* The calling thread's time slice, in microseconds (the kernel's own when it asked for
 * none); 0 where the system cannot tell (other systems, Linux before 6.12). */
long priority_slice_us(void);

#endif
