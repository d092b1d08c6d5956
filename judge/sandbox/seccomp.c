/* seccomp.c - compile a policy's system-call rules to BPF, and load it.
 *
 * The parent turns a struct seccomp_rules (parsed by policy.c) into a
 * classic BPF program with libseccomp and keeps it in the policy; the
 * sandbox child installs those raw bytes with one seccomp(2) call as its
 * last step before execve, so the child never runs libseccomp (which
 * allocates) after clone.
 *
 * The program checks the architecture first: only native x86_64 is in the
 * filter, so an i386 call (int 0x80, AUDIT_ARCH_I386) and an x32 call
 * (nr | __X32_SYSCALL_BIT, which libseccomp refuses when x32 is not in the
 * filter) hit the bad-arch action and kill the process.  A foreign ABI has
 * its own syscall numbers, so a filter written for x86_64 numbers would
 * otherwise check the wrong calls.
 *
 * Then come the policy's rules (kill / errno, each for every call of a
 * syscall), then the BUILT-IN rules below, which no policy can drop.  They
 * are added only when the policy's default is "allow": with a deny default
 * every call they target is refused already (a policy has no allow list).
 * A built-in is skipped for a syscall the policy already denies outright:
 * the policy's rule is stricter, and libseccomp would silently let the
 * unconditional rule win anyway (checked with libseccomp 2.5).
 */
#include "sandbox/seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccomp.h>

#include "base/cleanup.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

static void cleanup_scmpp(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}
#define _cleanup_scmp_ __attribute__((cleanup(cleanup_scmpp)))

/*** Rules and errno names ***/

int seccomp_rules_add(struct seccomp_rules *r, int nr,
		      enum seccomp_action action, int errnum,
		      struct arb_err *err)
{
	if (r->n_rules == r->cap_rules) {
		size_t cap = r->cap_rules ? r->cap_rules * 2 : 64;
		struct seccomp_rule *n = realloc(r->rules, cap * sizeof(*n));

		if (!n)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM,
					"seccomp rules");
		r->rules = n;
		r->cap_rules = cap;
	}
	r->rules[r->n_rules++] = (struct seccomp_rule){
		.nr = nr, .action = action, .errnum = errnum};
	return 0;
}

void seccomp_rules_free(struct seccomp_rules *r)
{
	if (!r)
		return;
	free(r->rules);
	free(r);
}

#define ERRNO_ENTRY(e) {#e, e}
static const struct {
	const char *name;
	int num;
} errno_table[] = {
	ERRNO_ENTRY(EPERM),        ERRNO_ENTRY(ENOENT),
	ERRNO_ENTRY(ESRCH),        ERRNO_ENTRY(EINTR),
	ERRNO_ENTRY(EIO),          ERRNO_ENTRY(ENXIO),
	ERRNO_ENTRY(E2BIG),        ERRNO_ENTRY(ENOEXEC),
	ERRNO_ENTRY(EBADF),        ERRNO_ENTRY(ECHILD),
	ERRNO_ENTRY(EAGAIN),       ERRNO_ENTRY(ENOMEM),
	ERRNO_ENTRY(EACCES),       ERRNO_ENTRY(EFAULT),
	ERRNO_ENTRY(EBUSY),        ERRNO_ENTRY(EEXIST),
	ERRNO_ENTRY(EXDEV),        ERRNO_ENTRY(ENODEV),
	ERRNO_ENTRY(ENOTDIR),      ERRNO_ENTRY(EISDIR),
	ERRNO_ENTRY(EINVAL),       ERRNO_ENTRY(ENFILE),
	ERRNO_ENTRY(EMFILE),       ERRNO_ENTRY(ENOTTY),
	ERRNO_ENTRY(EFBIG),        ERRNO_ENTRY(ENOSPC),
	ERRNO_ENTRY(ESPIPE),       ERRNO_ENTRY(EROFS),
	ERRNO_ENTRY(EMLINK),       ERRNO_ENTRY(EPIPE),
	ERRNO_ENTRY(ERANGE),       ERRNO_ENTRY(ENOSYS),
	ERRNO_ENTRY(ENOTSUP),      ERRNO_ENTRY(EOPNOTSUPP),
	ERRNO_ENTRY(ENOTSOCK),     ERRNO_ENTRY(EPROTONOSUPPORT),
	ERRNO_ENTRY(EAFNOSUPPORT), ERRNO_ENTRY(EADDRINUSE),
	ERRNO_ENTRY(EADDRNOTAVAIL), ERRNO_ENTRY(ENETDOWN),
	ERRNO_ENTRY(ENETUNREACH),  ERRNO_ENTRY(ECONNREFUSED),
	ERRNO_ENTRY(ETIMEDOUT),    ERRNO_ENTRY(ENODATA),
};
#undef ERRNO_ENTRY

int seccomp_errno_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++)
		if (strcmp(errno_table[i].name, name) == 0)
			return errno_table[i].num;
	return -1;
}

const char *seccomp_errno_name(int errnum)
{
	for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++)
		if (errno_table[i].num == errnum)
			return errno_table[i].name;
	return NULL;
}

/*** Built-in rules ***/

#define A0_HAS(flag)                                                           \
	{.arg = 0, .op = SCMP_CMP_MASKED_EQ, .datum_a = (flag), .datum_b = (flag)}

/* One rule per flag: libseccomp has no "any of these bits" comparison, and
 * a masked-eq on the whole mask would only match calls with ALL flags.
 * An unprivileged user namespace hands the program CAP_SYS_ADMIN over fresh
 * mount/net/... namespaces and with it kernel code (mount, netfilter,
 * overlayfs) behind a long list of local-root CVEs; a new pid or mount
 * namespace would also hide processes and files from the supervisor.
 * CLONE_NEWTIME (0x80) lies in clone()'s exit-signal byte, where no valid
 * signal (<= 64) sets it, so for clone() the rule refuses nothing real; for
 * unshare() it is the time-namespace flag. */
static const struct scmp_arg_cmp ns_flag_cmps[] = {
	A0_HAS(CLONE_NEWNS),  A0_HAS(CLONE_NEWUTS),    A0_HAS(CLONE_NEWIPC),
	A0_HAS(CLONE_NEWUSER), A0_HAS(CLONE_NEWPID),   A0_HAS(CLONE_NEWNET),
	A0_HAS(CLONE_NEWCGROUP), A0_HAS(CLONE_NEWTIME),
};

/* The kernel reads the ioctl request as an unsigned int, so compare only
 * the low 32 bits: otherwise setting a high bit would slip past the rule.
 * TIOCSTI pushes bytes into a terminal's input queue (the program types
 * commands into the shell that started `arbiter exec` on a tty); TIOCLINUX
 * pastes the console selection, the same injection on a virtual console. */
static const struct scmp_arg_cmp tty_inject_cmps[] = {
	{.arg = 1, .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffffu,
	 .datum_b = TIOCSTI},
	{.arg = 1, .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffffu,
	 .datum_b = TIOCLINUX},
};

/* Families a judged program may use: AF_UNIX (1), AF_INET (2), AF_INET6
 * (10); inet only reaches the box's own empty network namespace.  Every
 * other family is refused: AF_VSOCK talks to the hypervisor or host across
 * network namespaces, AF_PACKET and AF_NETLINK are the classic local-root
 * surfaces (CVE-2017-7308, CVE-2020-14386, nf_tables via netlink), and the
 * rest are legacy protocol code (AX.25, X.25, AppleTalk...) nobody audits.
 * The allowed set is expressed as its complement on the 64-bit argument:
 * "domain > 10" catches every family above AF_INET6 and any value with high
 * bits set (the kernel would truncate it to an int), and one EQ rule each
 * covers 0 and 3..9, so every value is either allowed exactly or denied. */
_Static_assert(AF_UNIX == 1 && AF_INET == 2 && AF_INET6 == 10,
	       "socket family numbers assumed by the socket built-in");
static const int allowed_families[] = {AF_UNIX, AF_INET, AF_INET6};

static bool policy_has_rule(const struct seccomp_rules *r, int nr)
{
	for (size_t i = 0; i < r->n_rules; i++)
		if (r->rules[i].nr == nr)
			return true;
	return false;
}

static int add_rule(scmp_filter_ctx ctx, uint32_t action, int nr,
		    unsigned int n_cmp, const struct scmp_arg_cmp *cmp,
		    struct arb_err *err)
{
	/* _exact: fail rather than let libseccomp rewrite the rule. */
	int rc = seccomp_rule_add_exact_array(ctx, action, nr, n_cmp, cmp);

	if (rc < 0) {
		const char *name = seccomp_syscall_name(nr);
		return arb_fail(err, ARB_E_INTERNAL, -rc,
				"seccomp rule for '%s'", name ? name : "?");
	}
	return 0;
}

static int add_family_rules(scmp_filter_ctx ctx, const struct seccomp_rules *r,
			    int nr, struct arb_err *err)
{
	const uint32_t deny = SCMP_ACT_ERRNO(EAFNOSUPPORT);
	struct scmp_arg_cmp cmp = {.arg = 0, .op = SCMP_CMP_GT,
				   .datum_a = AF_INET6};

	if (policy_has_rule(r, nr))
		return 0;
	if (add_rule(ctx, deny, nr, 1, &cmp, err) < 0)
		return -1;
	for (int fam = 0; fam < AF_INET6; fam++) {
		bool ok = false;

		for (size_t i = 0; i < sizeof(allowed_families) / sizeof(int); i++)
			ok = ok || allowed_families[i] == fam;
		if (ok)
			continue;
		cmp = (struct scmp_arg_cmp){.arg = 0, .op = SCMP_CMP_EQ,
					    .datum_a = (scmp_datum_t)fam};
		if (add_rule(ctx, deny, nr, 1, &cmp, err) < 0)
			return -1;
	}
	return 0;
}

static int add_each(scmp_filter_ctx ctx, const struct seccomp_rules *r,
		    uint32_t action, int nr, const struct scmp_arg_cmp *cmps,
		    size_t n, struct arb_err *err)
{
	if (policy_has_rule(r, nr))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (add_rule(ctx, action, nr, 1, &cmps[i], err) < 0)
			return -1;
	return 0;
}

static int add_builtins(scmp_filter_ctx ctx, const struct seccomp_rules *r,
			struct arb_err *err)
{
	size_t n_ns = sizeof(ns_flag_cmps) / sizeof(ns_flag_cmps[0]);

	if (add_each(ctx, r, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone),
		     ns_flag_cmps, n_ns, err) < 0 ||
	    add_each(ctx, r, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare),
		     ns_flag_cmps, n_ns, err) < 0)
		return -1;
	/* clone3 passes its flags in memory, where a filter cannot look, so
	 * it would bypass the clone rule above.  ENOSYS makes glibc (and
	 * other runtimes) fall back to clone(2). */
	if (!policy_has_rule(r, SCMP_SYS(clone3)) &&
	    add_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL,
		     err) < 0)
		return -1;
	if (add_each(ctx, r, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl),
		     tty_inject_cmps,
		     sizeof(tty_inject_cmps) / sizeof(tty_inject_cmps[0]),
		     err) < 0)
		return -1;
	if (add_family_rules(ctx, r, SCMP_SYS(socket), err) < 0 ||
	    add_family_rules(ctx, r, SCMP_SYS(socketpair), err) < 0)
		return -1;
	return 0;
}

/*** Compile and export ***/

static uint32_t scmp_action(enum seccomp_action a, int errnum, bool notify)
{
	switch (a) {
	case SECCOMP_RULE_ALLOW:
		return SCMP_ACT_ALLOW;
	case SECCOMP_RULE_KILL:
		return notify ? SCMP_ACT_NOTIFY : SCMP_ACT_KILL_PROCESS;
	case SECCOMP_RULE_ERRNO:
		return SCMP_ACT_ERRNO((uint32_t)errnum);
	}
	return SCMP_ACT_KILL_PROCESS;
}

/* libseccomp 2.5 can only write the program to an fd: use a memfd and read
 * it back, so nothing touches the file system. */
static int export_bpf(scmp_filter_ctx ctx, struct sbx_bpf *out,
		      struct arb_err *err)
{
	_cleanup_close_ int fd = memfd_create("arbiter-seccomp", MFD_CLOEXEC);
	_cleanup_free_ struct sock_filter *prog = NULL;
	struct stat st;
	size_t size, done = 0;
	int rc;

	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		return arb_fail(err, ARB_E_INTERNAL, -rc, "seccomp_export_bpf");
	if (fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "fstat seccomp memfd");
	size = (size_t)st.st_size;
	if (size == 0 || size % sizeof(struct sock_filter) != 0 ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"seccomp program has a bad size (%zu bytes)",
				size);
	prog = malloc(size);
	if (!prog)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "seccomp program");
	while (done < size) {
		ssize_t n = pread(fd, (char *)prog + done, size - done,
				  (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return arb_fail(err, ARB_E_INTERNAL, n < 0 ? errno : EIO,
					"read seccomp memfd");
		done += (size_t)n;
	}
	out->len = (unsigned short)(size / sizeof(struct sock_filter));
	out->filter = steal_ptr(&prog);
	return 0;
}

/* The calls the loader makes once the filter is in force must go through:
 * init may not be there to answer a notification yet (child.c).  It hands
 * the listener to init with sendmsg() (or, sharing init's memory, stops
 * init until execve), and reports a failed execve with write and exit. */
static bool notify_usable(const struct seccomp_rules *rules)
{
	const int needed[] = {SCMP_SYS(sendmsg), SCMP_SYS(execve), SCMP_SYS(write),
			      SCMP_SYS(exit_group)};

	if (rules->dflt != SECCOMP_RULE_ALLOW)
		return false;
	for (size_t i = 0; i < rules->n_rules; i++)
		for (size_t k = 0; k < sizeof(needed) / sizeof(needed[0]); k++)
			if (rules->rules[i].nr == needed[k])
				return false;
	return true;
}

int seccomp_compile(const struct seccomp_rules *rules, bool notify,
		    struct sbx_bpf *out, struct arb_err *err)
{
	_cleanup_scmp_ scmp_filter_ctx ctx = NULL;
	int rc;

	out->filter = NULL;
	out->len = 0;
#ifdef ARBITER_VALGRIND
	/* The `make valgrind` build only: valgrind does not implement
	 * seccomp(2), so libseccomp's probes fail (SCMP_ACT_KILL_PROCESS
	 * "unsupported") and a listener cannot be had.  Level 3 is what
	 * KILL_PROCESS needs; the box falls back to the plain filter,
	 * loaded with prctl (seccomp_load_bpf). */
	seccomp_api_set(3);
	if (notify)
		return 0;
#endif
	if (notify && !notify_usable(rules))
		return 0;
	ctx = seccomp_init(scmp_action(rules->dflt, rules->dflt_errno, notify));
	if (!ctx)
		return arb_fail(err, ARB_E_INTERNAL, 0, "seccomp_init failed");
	/* Kill the whole process, not the thread: a thread killed alone would
	 * leave the rest of the program running on. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	if (rc < 0)
		return arb_fail(err, ARB_E_INTERNAL, -rc,
				"seccomp_attr_set badarch");
	/* The child sets no_new_privs itself, before loading the raw BPF. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc < 0)
		return arb_fail(err, ARB_E_INTERNAL, -rc, "seccomp_attr_set nnp");

	for (size_t i = 0; i < rules->n_rules; i++) {
		const struct seccomp_rule *r = &rules->rules[i];

		/* A name libseccomp knows only for other architectures
		 * (socketcall, ipc...): there is no such call to deny here. */
		if (r->nr < 0)
			continue;
		if (add_rule(ctx, scmp_action(r->action, r->errnum, notify), r->nr, 0,
			     NULL, err) < 0)
			return -1;
	}
	if (rules->dflt == SECCOMP_RULE_ALLOW && add_builtins(ctx, rules, err) < 0)
		return -1;
	return export_bpf(ctx, out, err);
}

/*** In the child ***/

int seccomp_load_bpf(const struct sbx_bpf *bpf)
{
	struct sock_fprog prog;

	if (!bpf || !bpf->filter || bpf->len == 0)
		return -EINVAL;
	prog.len = bpf->len;
	prog.filter = bpf->filter;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	/* Without flags, seccomp(2) is prctl(PR_SET_SECCOMP): the older call
	 * serves where seccomp(2) answers ENOSYS (under valgrind). */
	if (errno == ENOSYS &&
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0)
		return 0;
	return -errno;
}

int seccomp_load_bpf_listener(const struct sbx_bpf *bpf)
{
	struct sock_fprog prog;
	long fd;

	if (!bpf || !bpf->filter || bpf->len == 0)
		return -EINVAL;
	prog.len = bpf->len;
	prog.filter = bpf->filter;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd < 0 ? -errno : (int)fd;
}

/*** Names for messages ***/

/* Above every x86_64 number in use (~470); x32 numbers are not native. */
#define SYSCALL_NAME_MAX 1024

static const char *syscall_names[SYSCALL_NAME_MAX];
static pthread_once_t syscall_names_once = PTHREAD_ONCE_INIT;

/* libseccomp returns a malloc'd copy per lookup; build the table once and
 * keep it for the life of the process. */
static void syscall_names_init(void)
{
	for (int nr = 0; nr < SYSCALL_NAME_MAX; nr++)
		syscall_names[nr] =
			seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
}

const char *seccomp_syscall_name(int nr)
{
	if (nr < 0 || nr >= SYSCALL_NAME_MAX)
		return NULL;
	pthread_once(&syscall_names_once, syscall_names_init);
	return syscall_names[nr];
}
