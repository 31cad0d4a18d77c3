// CSRTP — libsrtp2 (RFC 3711) for Swift. Debian: libsrtp2-dev, pkg-config libsrtp2.
// Some of libsrtp2's policy setters and sizes are macros, which Swift cannot import: wrap them here.
#ifndef HERALD_CSRTP_SHIM_H
#define HERALD_CSRTP_SHIM_H

#include <srtp2/srtp.h>

/// AES_CM_128_HMAC_SHA1_80 (RFC 4568 §6.2.1); in libsrtp2 a macro for the RTP default policy.
static inline void herald_srtp_policy_set_aes_cm_128_hmac_sha1_80(srtp_crypto_policy_t *policy) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(policy);
}

/// AES_CM_128_HMAC_SHA1_32 for SRTP; SRTCP keeps the 80-bit tag (RFC 4568 §6.2.2, RFC 3711 §5.2).
static inline void herald_srtp_policy_set_aes_cm_128_hmac_sha1_32(srtp_crypto_policy_t *policy) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(policy);
}

/// The SRTCP policy for both 128-bit AES-CM suites: HMAC-SHA1 with an 80-bit tag.
static inline void herald_srtcp_policy_set_aes_cm_128_hmac_sha1_80(srtp_crypto_policy_t *policy) {
    srtp_crypto_policy_set_rtcp_default(policy);
}

/// Octets srtp_protect() may append (tag + MKI): the caller must leave this much room.
static inline int herald_srtp_max_trailer_length(void) { return SRTP_MAX_TRAILER_LEN; }

/// Octets srtp_protect_rtcp() may append: the 4-octet E flag + SRTCP index, then tag + MKI.
static inline int herald_srtcp_max_trailer_length(void) { return SRTP_MAX_TRAILER_LEN + 4; }

#endif
