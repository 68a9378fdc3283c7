/* The background threads' priority (priority.h). */
#include "pizhu/priority.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

/* Who setpriority means: on Linux a thread id names that thread alone. */
static id_t self(void)
{
#ifdef __linux__
	return (id_t)syscall(SYS_gettid);
#else
	return 0; /* the process */
#endif
}

int priority_nice(void)
{
	errno = 0;
	int n = getpriority(PRIO_PROCESS, self());
	return n == -1 && errno ? 0 : n;
}

void priority_background(void)
{
#ifdef __linux__
	if (priority_nice() < PRIORITY_BACKGROUND_NICE)
		(void)setpriority(PRIO_PROCESS, self(), PRIORITY_BACKGROUND_NICE);
#endif
}
