#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H
// The system's OpenSSL libcrypto (Debian: libssl-dev), for SHA-256 only.
#include <openssl/evp.h>
#endif
