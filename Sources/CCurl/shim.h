#include <curl/curl.h>

// Swift cannot call C variadic functions, so each curl_*_setopt / getinfo flavour the transport needs gets a
// typed, non-variadic inline wrapper here. Nothing else lives in this header.

static inline CURLcode ga_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_write(CURL *h, CURLoption o, curl_write_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_setopt_read(CURL *h, CURLoption o, curl_read_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ga_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode ga_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline int ga_pause_cont(void) { return CURLPAUSE_CONT; }
static inline long ga_global_all(void) { return CURL_GLOBAL_ALL; }
static inline CURLcode ga_easy_setopt_seek(CURL *h, CURLoption o, curl_seek_callback v) { return curl_easy_setopt(h, o, v); }
