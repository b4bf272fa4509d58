/* error.c — see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char error_message[FOLIO_ERROR_MESSAGE_MAX];
static _Thread_local folio_error error_last;
static _Thread_local int error_is_set;

__attribute__((format(printf, 3, 0))) static int error_vset(int code, int column, const char *fmt, va_list ap)
{
    /* Formatted aside first: an argument may be this very buffer (a message built on the last one). */
    char message[FOLIO_ERROR_MESSAGE_MAX];
    vsnprintf(message, sizeof message, fmt, ap);
    memcpy(error_message, message, sizeof message);
    error_last.code = code;
    error_last.column = column;
    error_last.message = error_message;
    error_is_set = 1;
    return code;
}

int folio_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(code, 0, fmt, ap);
    va_end(ap);
    return code;
}

int folio_error_set_at(int code, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(code, column, fmt, ap);
    va_end(ap);
    return code;
}

void folio_error_clear(void)
{
    error_is_set = 0;
}

const folio_error *folio_error_last(void)
{
    return error_is_set ? &error_last : NULL;
}
