// libedit's readline-compatible interface: line editing and history for the REPL.
#include <stdio.h>
#include <editline/readline.h>

// stdin as a function: Swift 6 refuses the global variable as shared mutable state.
static inline FILE *eml_standard_input(void) { return stdin; }
// Whether stdin's buffer holds unread bytes (a line can be read without a system call).
static inline int eml_standard_input_buffered(void) {
#ifdef __GLIBC__
    return stdin->_IO_read_ptr < stdin->_IO_read_end;
#else
    return 0;
#endif
}
