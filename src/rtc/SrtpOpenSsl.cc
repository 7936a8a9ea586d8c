#include "rtc/SrtpOpenSsl.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>

#include <cstdlib>
#include <cstring>

// libsrtp's own known answers, exported by its library (not declared in its
// installed headers): our types test against them.
extern "C" {
extern const srtp_cipher_test_case_t srtp_aes_icm_128_test_case_0;
extern const srtp_auth_test_case_t srtp_hmac_test_case_0;
}

namespace wx::rtc {
namespace {

constexpr int kAesKeyBytes = 16;
constexpr int kSaltBytes = 14;  // RFC 3711 4.1.1: a 112-bit salt
constexpr int kSha1Bytes = 20;

// AES-ICM-128: AES in counter mode, the counter starting at the salt XOR
// the packet's IV (libsrtp's set_iv), the salt's last two octets zero.
struct IcmState {
  EVP_CIPHER_CTX* context = nullptr;
  uint8_t offset[16] = {};
};

extern const srtp_cipher_type_t kAesIcm128;

srtp_err_status_t icmAlloc(srtp_cipher_t** cipher, int keyLength, int /*tagLength*/) {
  if (keyLength != SRTP_AES_ICM_128_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  auto* c = static_cast<srtp_cipher_t*>(std::calloc(1, sizeof(srtp_cipher_t)));
  auto* state = new (std::nothrow) IcmState;
  EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
  if (!c || !state || !context) {
    EVP_CIPHER_CTX_free(context);
    delete state;
    std::free(c);
    return srtp_err_status_alloc_fail;
  }
  state->context = context;
  c->type = &kAesIcm128;
  c->state = state;
  c->key_len = keyLength;
  c->algorithm = SRTP_AES_ICM_128;
  *cipher = c;
  return srtp_err_status_ok;
}

srtp_err_status_t icmDealloc(srtp_cipher_t* cipher) {
  auto* state = static_cast<IcmState*>(cipher->state);
  EVP_CIPHER_CTX_free(state->context);  // cleanses the key schedule
  OPENSSL_cleanse(state->offset, sizeof state->offset);
  delete state;
  std::free(cipher);
  return srtp_err_status_ok;
}

// `key`: the 16-octet key, then the 14-octet salt.
srtp_err_status_t icmInit(void* stateVoid, const uint8_t* key) {
  auto* state = static_cast<IcmState*>(stateVoid);
  std::memset(state->offset, 0, sizeof state->offset);
  std::memcpy(state->offset, key + kAesKeyBytes, kSaltBytes);
  return EVP_EncryptInit_ex(state->context, EVP_aes_128_ctr(), nullptr, key, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_init_fail;
}

// `iv`: 16 octets, XORed into the salt to make the first counter block.
srtp_err_status_t icmSetIv(void* stateVoid, uint8_t* iv, srtp_cipher_direction_t /*direction*/) {
  auto* state = static_cast<IcmState*>(stateVoid);
  uint8_t counter[16];
  for (int i = 0; i < 16; ++i) counter[i] = state->offset[i] ^ iv[i];
  return EVP_EncryptInit_ex(state->context, nullptr, nullptr, nullptr, counter) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

// In place; counter mode encrypts and decrypts alike.
srtp_err_status_t icmCrypt(void* stateVoid, uint8_t* buffer, unsigned int* octets) {
  auto* state = static_cast<IcmState*>(stateVoid);
  int written = 0;
  if (EVP_EncryptUpdate(state->context, buffer, &written, buffer, static_cast<int>(*octets)) != 1 ||
      static_cast<unsigned int>(written) != *octets) {
    return srtp_err_status_cipher_fail;
  }
  return srtp_err_status_ok;
}

const srtp_cipher_type_t kAesIcm128 = {
    icmAlloc,
    icmDealloc,
    icmInit,
    nullptr,  // set_aad: not an AEAD
    icmCrypt,
    icmCrypt,
    icmSetIv,
    nullptr,  // get_tag
    "AES-128 counter mode (OpenSSL)",
    &srtp_aes_icm_128_test_case_0,
    SRTP_AES_ICM_128,
};

// HMAC-SHA1, its tag truncated to the suite's length (10 or 4 octets).
EVP_MAC* hmacAlgorithm = nullptr;  // fetched once by useOpenSslForSrtp
extern const srtp_auth_type_t kHmacSha1;

srtp_err_status_t hmacAlloc(srtp_auth_t** auth, int keyLength, int outLength) {
  if (outLength > kSha1Bytes || keyLength > kSha1Bytes) return srtp_err_status_bad_param;
  auto* a = static_cast<srtp_auth_t*>(std::calloc(1, sizeof(srtp_auth_t)));
  EVP_MAC_CTX* context = EVP_MAC_CTX_new(hmacAlgorithm);
  if (!a || !context) {
    EVP_MAC_CTX_free(context);
    std::free(a);
    return srtp_err_status_alloc_fail;
  }
  a->type = &kHmacSha1;
  a->state = context;
  a->out_len = outLength;
  a->key_len = keyLength;
  a->prefix_len = 0;
  *auth = a;
  return srtp_err_status_ok;
}

srtp_err_status_t hmacDealloc(srtp_auth_t* auth) {
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(auth->state));  // cleanses the key
  std::free(auth);
  return srtp_err_status_ok;
}

srtp_err_status_t hmacInit(void* state, const uint8_t* key, int keyLength) {
  char digest[] = "SHA1";
  const OSSL_PARAM parameters[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_END};
  return EVP_MAC_init(static_cast<EVP_MAC_CTX*>(state), key, static_cast<size_t>(keyLength),
                      parameters) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

// A new message with the same key (OpenSSL 3.0.3 and later keep it).
srtp_err_status_t hmacStart(void* state) {
  return EVP_MAC_init(static_cast<EVP_MAC_CTX*>(state), nullptr, 0, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

srtp_err_status_t hmacUpdate(void* state, const uint8_t* message, int octets) {
  return EVP_MAC_update(static_cast<EVP_MAC_CTX*>(state), message, static_cast<size_t>(octets)) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

// Adds `message`, then writes the first `tagLength` octets of the MAC.
srtp_err_status_t hmacCompute(void* state, const uint8_t* message, int octets, int tagLength,
                              uint8_t* tag) {
  if (tagLength > kSha1Bytes) return srtp_err_status_bad_param;
  auto* context = static_cast<EVP_MAC_CTX*>(state);
  uint8_t mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (EVP_MAC_update(context, message, static_cast<size_t>(octets)) != 1 ||
      EVP_MAC_final(context, mac, &length, sizeof mac) != 1 || length != kSha1Bytes) {
    return srtp_err_status_auth_fail;
  }
  std::memcpy(tag, mac, static_cast<size_t>(tagLength));
  OPENSSL_cleanse(mac, sizeof mac);
  return srtp_err_status_ok;
}

const srtp_auth_type_t kHmacSha1 = {
    hmacAlloc,
    hmacDealloc,
    hmacInit,
    hmacCompute,
    hmacUpdate,
    hmacStart,
    "HMAC-SHA1 (OpenSSL)",
    &srtp_hmac_test_case_0,
    SRTP_HMAC_SHA1,
};

}  // namespace

bool useOpenSslForSrtp() {
  // OpenSSL before 3.0.3 cannot restart a MAC without its key.
  if (OpenSSL_version_num() < 0x30000030L) {
    spdlog::info("SRTP keeps libsrtp's own ciphers: OpenSSL {} is older than 3.0.3",
                 OpenSSL_version(OPENSSL_VERSION));
    return false;
  }
  if (!hmacAlgorithm) hmacAlgorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!hmacAlgorithm) {
    spdlog::warn("SRTP keeps libsrtp's own ciphers: OpenSSL has no HMAC");
    return false;
  }
  const srtp_err_status_t cipher = srtp_replace_cipher_type(&kAesIcm128, SRTP_AES_ICM_128);
  if (cipher != srtp_err_status_ok) {
    spdlog::warn("SRTP keeps libsrtp's own AES-ICM-128: libsrtp refused ours (status {})",
                 static_cast<int>(cipher));
    return false;
  }
  const srtp_err_status_t auth = srtp_replace_auth_type(&kHmacSha1, SRTP_HMAC_SHA1);
  if (auth != srtp_err_status_ok) {
    spdlog::warn("SRTP keeps libsrtp's own HMAC-SHA1: libsrtp refused ours (status {})",
                 static_cast<int>(auth));
    return false;
  }
  return true;
}

}  // namespace wx::rtc
