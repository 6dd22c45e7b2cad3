// Arb and FLINT are loaded at the first call into them, not at process start: Debian links both (and NTL, which
// FLINT needs) BIND_NOW, about 10,000 symbol bindings and 2–3 ms at every start, which the commands that never
// call Arb (log I's certificates, rope, compile, float, --help) should not pay.
//
// Every Arb or FLINT function the package calls is defined here, hidden, as a forwarder of the same signature
// (ArbFunctionList.h, written by scripts/arb_functions.py) that looks its target up once and then jumps to it.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#pragma GCC visibility push(hidden)
#include <gmp.h>
#include <mpfr.h>
#include <arb.h>
#include <acb.h>
#include <arb_hypgeom.h>

static void *arb_library;
static pthread_once_t arb_loading = PTHREAD_ONCE_INIT;

// Their own symbols first: behind the executable's global scope, FLINT's 10,000 bindings to itself took 14 M
// instructions instead of 7 M. The sanitizers' runtimes refuse RTLD_DEEPBIND.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define ARB_OPEN_FLAGS (RTLD_NOW | RTLD_LOCAL)
#endif
#endif
#ifndef ARB_OPEN_FLAGS
#define ARB_OPEN_FLAGS (RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND)
#endif

static void arb_open(void) {
    // The soname first (what the runtime package installs), then the -dev link.
    static const char *const names[] = {"libflint-arb.so.2", "libflint-arb.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && arb_library == NULL; i++)
        arb_library = dlopen(names[i], ARB_OPEN_FLAGS);
    if (arb_library == NULL) {
        fprintf(stderr, "EMLKit: cannot load Arb: %s (Debian: apt-get install libflint-arb2)\n", dlerror());
        exit(70);
    }
}

static void *arb_symbol(const char *name) {
    pthread_once(&arb_loading, arb_open);
    void *function = dlsym(arb_library, name);
    if (function == NULL) {
        fprintf(stderr, "EMLKit: Arb or FLINT lacks %s: %s\n", name, dlerror());
        exit(70);
    }
    return function;
}

// The first call of each function resolves it; racing first calls store the same address.
#define ARB_RESOLVED(name)                                                              \
    static __typeof__(name) *resolved;                                                  \
    __typeof__(name) *target = __atomic_load_n(&resolved, __ATOMIC_ACQUIRE);           \
    if (target == NULL) {                                                               \
        target = (__typeof__(name) *)arb_symbol(#name);                                 \
        __atomic_store_n(&resolved, target, __ATOMIC_RELEASE);                          \
    }

#define ARB_FUNCTION(result, name, parameters, arguments) \
    result name parameters { ARB_RESOLVED(name) return target arguments; }
#define ARB_PROCEDURE(result, name, parameters, arguments) \
    result name parameters { ARB_RESOLVED(name) target arguments; }

#include "ArbFunctionList.h"

#pragma GCC visibility pop
