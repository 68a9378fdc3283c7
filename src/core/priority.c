/* The background threads' priority and the keys' time slice (priority.h). */
#define _GNU_SOURCE /* SCHED_IDLE */
#include "pizhu/priority.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

#if defined(__linux__) && defined(SYS_sched_setattr) && defined(SYS_sched_getattr)
#define HAVE_SCHED_ATTR 1
/* sched_setattr(2)'s first published layout (SCHED_ATTR_SIZE_VER0, 48 bytes): glibc
 * 2.36 has no wrapper, and <linux/sched/types.h> clashes with <sched.h>. */
struct attr {
	uint32_t size;
	uint32_t policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime; /* for the normal policy: the slice asked for (Linux 6.12) */
	uint64_t deadline;
	uint64_t period;
};
#define POLICY_NORMAL 0 /* SCHED_OTHER */

static bool get_attr(struct attr *a)
{
	memset(a, 0, sizeof(*a));
	return syscall(SYS_sched_getattr, 0, a, sizeof(*a), 0) == 0;
}

/* The calling thread's slice set to ns (0: the kernel's own), its policy and nice
 * value kept. */
static bool set_slice(uint64_t ns)
{
	struct attr a;
	if (!get_attr(&a) || a.policy != POLICY_NORMAL)
		return false;
	if (a.runtime == ns)
		return true;
	a.size = sizeof(a);
	a.flags &= 1; /* SCHED_FLAG_RESET_ON_FORK: only privilege may clear it */
	a.runtime = ns;
	return syscall(SYS_sched_setattr, 0, &a, 0) == 0;
}
#endif

long priority_slice_us(void)
{
#ifdef HAVE_SCHED_ATTR
	struct attr a;
	/* Linux before 6.12 says 0 for a thread of the normal policy; later ones its
	 * slice, the kernel's own when it asked for none */
	if (get_attr(&a) && a.policy == POLICY_NORMAL)
		return (long)(a.runtime / 1000);
#endif
	return 0;
}

bool priority_keys(void)
{
#ifdef HAVE_SCHED_ATTR
	uint64_t ns = (uint64_t)PRIORITY_KEYS_SLICE_US * 1000;
	struct attr a;
	/* a kernel that ignores the slice takes the call and reads back what it had */
	return set_slice(ns) && get_attr(&a) && a.runtime == ns;
#else
	return false;
#endif
}

#ifdef __linux__
/* Whether a CPU cgroup path holds a cpu.weight (cgroup v2: the controller at work
 * there, which the tasks under it share), from path up to the root (excluded). */
static bool weighed_below_root(char *path)
{
	char file[PATH_MAX];
	for (;;) {
		char *slash = strrchr(path, '/');
		if (!slash || path[1] == '\0')
			return false;
		int n = snprintf(file, sizeof(file), "/sys/fs/cgroup%s/cpu.weight", path);
		if (n > 0 && (size_t)n < sizeof(file) && access(file, F_OK) == 0)
			return true;
		*slash = '\0';
		if (slash == path)
			return false;
	}
}

/* Whether the scheduler weighs this process's session as one program against the
 * others (autogroup: on, and the process in no CPU cgroup below the root): then its
 * own threads share only that program's part, and the background threads can take
 * what the keys leave without taking anything from other programs' share. */
static bool in_own_group(void)
{
	FILE *f = fopen("/proc/sys/kernel/sched_autogroup_enabled", "r");
	int on = 0;
	if (!f)
		return false;
	if (fscanf(f, "%d", &on) != 1)
		on = 0;
	fclose(f);
	if (on != 1 || !(f = fopen("/proc/self/cgroup", "r")))
		return false;
	char line[PATH_MAX + 64];
	bool own = false, v1 = false;
	while (fgets(line, sizeof(line), f)) { /* "N:controllers:/path" */
		char *ctl = strchr(line, ':'), *path = ctl ? strchr(ctl + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		ctl++;
		bool cpu = false; /* "cpu" among v1's controllers ("cpu,cpuacct") */
		char *save = NULL;
		for (char *c = strtok_r(ctl, ",", &save); c; c = strtok_r(NULL, ",", &save))
			cpu |= strcmp(c, "cpu") == 0;
		if (cpu) {
			v1 = true;
			own = strcmp(path, "/") == 0;
			break;
		}
		if (*ctl == '\0' && !v1) /* v2's line */
			own = !weighed_below_root(path);
	}
	fclose(f);
	return own;
}
#endif

bool priority_background_idle(void)
{
#ifdef __linux__
	return in_own_group();
#else
	return false;
#endif
}

void priority_background(void)
{
#ifdef __linux__
	if (priority_nice() < PRIORITY_BACKGROUND_NICE)
		(void)setpriority(PRIO_PROCESS, self(), PRIORITY_BACKGROUND_NICE);
#ifdef HAVE_SCHED_ATTR
	/* the keys' short slice, taken over from the thread that started this one: a
	 * thread that works for seconds would only be switched out more often */
	if (priority_slice_us() == PRIORITY_KEYS_SLICE_US)
		(void)set_slice(0);
#endif
	/* In a group of its own (the usual case: a terminal's session), the background
	 * threads run only when the keys' thread has nothing to do (SCHED_IDLE: its
	 * wakeup takes their processor at once). Elsewhere they would get next to nothing
	 * beside other programs' busy threads, and the keys' thread waits on them at times
	 * (a tag key for the outline, quitting for the text being kept), while a thread
	 * cannot leave SCHED_IDLE without privilege: nice alone there. */
	if (priority_background_idle()) {
		struct sched_param p = { 0 };
		(void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &p);
	}
#endif
}
