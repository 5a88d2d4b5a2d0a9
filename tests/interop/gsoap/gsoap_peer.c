/*
 * A gSOAP 2.8 peer for faxstatus's interop tests, built from schema/faxws.wsdl by
 * wsdl2h + soapcpp2 (see tests/interop/_gsoap.py). One binary, two roles:
 *
 *   gsoap_peer client URL VERSION MODES USER PIN OP ID...
 *       VERSION: 11 or 12; MODES: comma-separated from plain, chunk, keepalive, nil,
 *       indent, defaultns, canonical, gzip (keepalive sends the same call twice on one
 *       connection; gzip compresses the request, SOAP_ENC_ZLIB; the others are gSOAP's
 *       SOAP_XML_* output modes);
 *       PIN "bearer:TOKEN" sends no strPIN (NULL) and "Authorization: Bearer TOKEN";
 *       OP: ex, ex3, simple, check. Prints one JSON object per call on stdout; exit 0 on answers, 3 on a
 *       SOAP fault, 1 on anything else (gSOAP's error on stderr).
 *
 *   gsoap_peer serve MODES
 *       MODES: comma-separated from plain, nil, indent, defaultns, chunk, canonical,
 *       keepalive (several requests per connection, one connection at a time), gzip
 *       (compressed answers to clients that accept gzip).
 *
 *   gsoap_peer features
 *       Prints "gzip" when built WITH_GZIP (linked with libgsoapssl).
 *       Listens on 127.0.0.1 (an ephemeral port), prints "port N" on stdout, then answers
 *       one request at a time with fixed items (see job() below) until 60 s pass without a
 *       connection. User "gs-user" with PIN "gs-pin"; other credentials get return=false
 *       and WSError -1000; user "fault-user" gets a Client/Sender SOAP fault, and user
 *       "detail-user" one with the subcode FaxWS:UnknownUser and a detail element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <signal.h>

#include "soapH.h"
#include "FaxWS.nsmap"

/* ---- tiny JSON writer ---------------------------------------------------------- */

static void jstr(const char *s)
{
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void jerr(const struct FaxWS__WSError *e)
{
    if (e == NULL) {
        fputs("null", stdout);
        return;
    }
    printf("{\"ErrorCode\":%d,\"ErrorString\":", e->ErrorCode);
    jstr(e->ErrorString);
    putchar('}');
}

#define JINT(name, v) printf(",\"" name "\":%d", (v))
#define JSTR(name, v) (fputs(",\"" name "\":", stdout), jstr(v))

static void print_ex_item(const struct FaxWS__RealTimeFaxStatusEx *it)
{
    fputs("{\"FaxJobId\":", stdout);
    jstr(it->FaxJobId);
    JINT("FaxJobStatusId", it->FaxJobStatusId);
    JSTR("StatusDescription", it->StatusDescription);
    JINT("RecipientState", it->RecipientState);
    JINT("RecipientCurrentPageCount", it->RecipientCurrentPageCount);
    JINT("RecipientTotalPageCount", it->RecipientTotalPageCount);
    JSTR("FaxDeliveryDateTime", it->FaxDeliveryDateTime);
    JINT("FaxDeliveryDuration", it->FaxDeliveryDuration);
    JSTR("RemoteFaxCSID", it->RemoteFaxCSID);
    fputs(",\"Error\":", stdout);
    jerr(it->Error);
    putchar('}');
}

static void print_ex3_item(const struct FaxWS__RealTimeFaxStatusEx3 *it)
{
    fputs("{\"FaxJobId\":", stdout);
    jstr(it->FaxJobId);
    JINT("FaxJobStatusId", it->FaxJobStatusId);
    JSTR("StatusDescription", it->StatusDescription);
    JINT("RecipientState", it->RecipientState);
    JINT("RecipientCurrentPageCount", it->RecipientCurrentPageCount);
    JINT("RecipientTotalPageCount", it->RecipientTotalPageCount);
    JSTR("FaxDeliveryDateTime", it->FaxDeliveryDateTime);
    JINT("FaxDeliveryDuration", it->FaxDeliveryDuration);
    JSTR("RemoteFaxCSID", it->RemoteFaxCSID);
    JSTR("ReferenceId", it->ReferenceId);
    JSTR("FaxNumber", it->FaxNumber);
    JSTR("FaxSubmitDateTime", it->FaxSubmitDateTime);
    JSTR("FaxStartDateTime", it->FaxStartDateTime);
    JINT("FaxDeliveryAttempts", it->FaxDeliveryAttempts);
    fputs(",\"Error\":", stdout);
    jerr(it->Error);
    putchar('}');
}

static int has_mode(const char *modes, const char *mode)
{
    size_t n = strlen(mode);
    const char *p = modes;
    while ((p = strstr(p, mode)) != NULL) {
        if ((p == modes || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return 1;
        p += n;
    }
    return 0;
}

/* Compressed messages (Content-Encoding: gzip) need libgsoapssl, built WITH_GZIP. */
static int gzip_mode(struct soap *soap)
{
#ifdef WITH_GZIP
    soap_set_omode(soap, SOAP_ENC_ZLIB);
    return 1;
#else
    (void)soap;
    fputs("this gsoap_peer was built without gzip (WITH_GZIP)\n", stderr);
    return 0;
#endif
}

/* ---- client -------------------------------------------------------------------- */

/* soapcpp2's table (FaxWS.nsmap) makes SOAP 1.2 envelopes, since the WSDL has a SOAP 1.2
   binding; a client picks SOAP 1.1 by using a table whose SOAP-ENV URI is SOAP 1.1's. */
static struct Namespace namespaces11[] = {
    {"SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/*/soap-envelope", NULL},
    {"SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/", "http://www.w3.org/*/soap-encoding", NULL},
    {"xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/*/XMLSchema-instance", NULL},
    {"xsd", "http://www.w3.org/2001/XMLSchema", "http://www.w3.org/*/XMLSchema", NULL},
    {"FaxWS", "urn:FaxWS", NULL, NULL},
    {"tns", "https://ws.concordfax.com/fax/v5/FaxWS.wsdl", NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

/* ---- client (calls) -------------------------------------------------------------------- */

static struct FaxWS__FaxJobIds *job_ids(struct soap *soap, int n, char **ids)
{
    struct FaxWS__FaxJobIds *l = soap_malloc(soap, sizeof(*l));
    l->__sizeitem = n;
    l->item = soap_malloc(soap, n * sizeof(*l->item) + 1);
    for (int i = 0; i < n; i++)
        l->item[i].JobId = ids[i];
    return l;
}

static int report_fault(struct soap *soap)
{
    const char **code = soap_faultcode(soap);
    const char **text = soap_faultstring(soap);
    int fault = soap->error == SOAP_FAULT || soap->error == SOAP_CLI_FAULT ||
                soap->error == SOAP_SVR_FAULT;
    if (fault && code && *code) {
        fputs("{\"fault\":{\"code\":", stdout);
        jstr(code ? *code : NULL);
        fputs(",\"string\":", stdout);
        jstr(text ? *text : NULL);
        printf(",\"status\":%d}}\n", soap->status);
        return 3;
    }
    fprintf(stderr, "gSOAP error %d: ", soap->error);
    soap_print_fault(soap, stderr);
    return 1;
}

static int call(struct soap *soap, const char *url, const char *op, const char *user,
                const char *pin, int n, char **ids)
{
    if (strcmp(op, "ex") == 0) {
        struct _FaxWS__GetRealTimeFaxStatusEx req = {(char *)user, (char *)pin, NULL};
        struct _FaxWS__RealTimeFaxStatusExResponse resp;
        req.FaxJobIds = job_ids(soap, n, ids);
        if (soap_call___tns__GetRealTimeFaxStatusEx(soap, url, "", &req, &resp))
            return report_fault(soap);
        printf("{\"return\":%s,\"WSError\":", resp.return_ ? "true" : "false");
        jerr(resp.WSError);
        fputs(",\"items\":[", stdout);
        for (int i = 0; resp.FaxStatusList && i < resp.FaxStatusList->__sizeitem; i++) {
            if (i)
                putchar(',');
            print_ex_item(&resp.FaxStatusList->item[i]);
        }
        puts("]}");
    } else if (strcmp(op, "ex3") == 0) {
        struct _FaxWS__GetRealTimeFaxStatusEx3 req = {(char *)user, (char *)pin, NULL};
        struct _FaxWS__RealTimeFaxStatusEx3Response resp;
        req.FaxJobIds = job_ids(soap, n, ids);
        if (soap_call___tns__GetRealTimeFaxStatusEx3(soap, url, "", &req, &resp))
            return report_fault(soap);
        printf("{\"return\":%s,\"WSError\":", resp.return_ ? "true" : "false");
        jerr(resp.WSError);
        fputs(",\"items\":[", stdout);
        for (int i = 0; resp.FaxStatusList && i < resp.FaxStatusList->__sizeitem; i++) {
            if (i)
                putchar(',');
            print_ex3_item(&resp.FaxStatusList->item[i]);
        }
        puts("]}");
    } else if (strcmp(op, "simple") == 0) {
        struct _FaxWS__SimpleGetFaxStatus req = {(char *)user, (char *)pin, n ? ids[0] : ""};
        struct _FaxWS__SimpleFaxStatusResponse resp;
        if (soap_call___tns__SimpleGetFaxStatus(soap, url, "", &req, &resp))
            return report_fault(soap);
        printf("{\"return\":%lld}\n", (long long)resp.return_);
    } else if (strcmp(op, "check") == 0) {
        struct _FaxWS__CheckService req;
        struct _FaxWS__CheckServiceResponse resp;
        if (soap_call___tns__CheckService(soap, url, "", &req, &resp))
            return report_fault(soap);
        fputs("{\"return\":", stdout);
        jstr(resp.return_);
        puts("}");
    } else {
        fprintf(stderr, "unknown operation %s\n", op);
        return 2;
    }
    return 0;
}

static int client(int argc, char **argv)
{
    if (argc < 7) {
        fputs("usage: gsoap_peer client URL 11|12 MODES USER PIN OP [ID...]\n", stderr);
        return 2;
    }
    const char *url = argv[1], *modes = argv[3], *user = argv[4], *pin = argv[5], *op = argv[6];
    struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
    if (strncmp(pin, "bearer:", 7) == 0) {
        soap->bearer = pin + 7; /* OAuth 2.0: the token in the header, strPIN left out */
        pin = NULL;
    }
    if (has_mode(modes, "nil"))
        soap_set_omode(soap, SOAP_XML_NIL);
    if (has_mode(modes, "indent"))
        soap_set_omode(soap, SOAP_XML_INDENT);
    if (has_mode(modes, "defaultns"))
        soap_set_omode(soap, SOAP_XML_DEFAULTNS);
    if (has_mode(modes, "canonical"))
        soap_set_omode(soap, SOAP_XML_CANONICAL);
    if (has_mode(modes, "gzip") && !gzip_mode(soap))
        return 2;
    if (strcmp(argv[2], "11") == 0)
        soap_set_namespaces(soap, namespaces11);
    soap->connect_timeout = 10;
    soap->send_timeout = soap->recv_timeout = 20;
    if (has_mode(modes, "chunk"))
        soap_set_omode(soap, SOAP_IO_CHUNK);
    int rounds = 1;
    if (has_mode(modes, "keepalive")) {
        soap_set_mode(soap, SOAP_IO_KEEPALIVE);
        rounds = 2;
    }
    int rc = 0;
    for (int r = 0; r < rounds && rc == 0; r++)
        rc = call(soap, url, op, user, pin, argc - 7, argv + 7);
    fflush(stdout);
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    return rc;
}

/* ---- server -------------------------------------------------------------------- */

struct job {
    const char *id;
    int status, rstate, sent, total;
    const char *desc, *delivered, *csid, *ref;
    int duration, attempts;
};

static const struct job JOBS[] = {
    {"gs-0001", 1, 4, 3, 3, "Success", "2026-11-26T09:15:02Z", "GSOAP CSID", "REF-1", 12, 1},
    {"gs-0002", 3, 2, 1, 5, "Sending", "", "", "REF-2", 0, 0},
    {"gs-0003", 2, 5, 1, 4, "Failed: no answer", "", "", "REF-3", 0, 3},
    /* UTF-8 text, and NULL strings (gSOAP writes them as empty elements, or xsi:nil). */
    {"gs-0004", 1, 4, 2, 2, "Zugestellt \xc3\xbc \xe2\x9c\x93", NULL, NULL, "REF-4", 3, 1},
};

static const struct job *job(const char *id)
{
    for (size_t i = 0; id && i < sizeof(JOBS) / sizeof(JOBS[0]); i++)
        if (strcmp(JOBS[i].id, id) == 0)
            return &JOBS[i];
    return NULL;
}

static struct FaxWS__WSError *wserror(struct soap *soap, int code, const char *text)
{
    struct FaxWS__WSError *e = soap_malloc(soap, sizeof(*e));
    e->ErrorCode = code;
    e->ErrorString = soap_strdup(soap, text);
    return e;
}

static int authorised(struct soap *soap, const char *user, const char *pin)
{
    if (user && strcmp(user, "fault-user") == 0)
        return -1;
    if (user && strcmp(user, "detail-user") == 0)
        return -2;
    (void)soap;
    return user && pin && strcmp(user, "gs-user") == 0 && strcmp(pin, "gs-pin") == 0;
}

static void fill_ex(struct soap *soap, struct FaxWS__RealTimeFaxStatusEx *it, const char *id)
{
    const struct job *j = job(id);
    it->FaxJobId = soap_strdup(soap, id ? id : "");
    if (j == NULL) {
        it->FaxJobStatusId = -5019;
        it->StatusDescription = "Invalid Job ID";
        it->RecipientState = it->RecipientCurrentPageCount = it->RecipientTotalPageCount = 0;
        it->FaxDeliveryDateTime = it->RemoteFaxCSID = "";
        it->FaxDeliveryDuration = 0;
        it->Error = wserror(soap, -5019, "Invalid Job ID");
        return;
    }
    it->FaxJobStatusId = j->status;
    it->StatusDescription = (char *)j->desc;
    it->RecipientState = j->rstate;
    it->RecipientCurrentPageCount = j->sent;
    it->RecipientTotalPageCount = j->total;
    it->FaxDeliveryDateTime = (char *)j->delivered;
    it->FaxDeliveryDuration = j->duration;
    it->RemoteFaxCSID = (char *)j->csid;
    it->Error = wserror(soap, 0, "");
}

int __tns__GetRealTimeFaxStatusEx(struct soap *soap, struct _FaxWS__GetRealTimeFaxStatusEx *req,
                                  struct _FaxWS__RealTimeFaxStatusExResponse *resp)
{
    int ok = authorised(soap, req->UserID, req->strPIN);
    if (ok == -2)
        /* The detail is raw XML, so it declares its own prefix: SOAP_XML_CANONICAL declares
           prefixes only where gSOAP's serializers use them, not inside raw strings. */
        return soap_sender_fault_subcode(
            soap, "FaxWS:UnknownUser", "Unknown user detail-user",
            "<FaxWS:UserID xmlns:FaxWS=\"urn:FaxWS\">detail-user</FaxWS:UserID>");
    if (ok < 0)
        return soap_sender_fault(soap, "Unknown user fault-user", NULL);
    resp->FaxStatusList = soap_malloc(soap, sizeof(*resp->FaxStatusList));
    resp->FaxStatusList->__sizeitem = 0;
    resp->FaxStatusList->item = NULL;
    if (!ok) {
        resp->return_ = xsd__boolean__false_;
        resp->WSError = wserror(soap, -1000, "Authentication failed");
        return SOAP_OK;
    }
    int n = req->FaxJobIds ? req->FaxJobIds->__sizeitem : 0;
    resp->FaxStatusList->__sizeitem = n;
    resp->FaxStatusList->item = soap_malloc(soap, n * sizeof(*resp->FaxStatusList->item) + 1);
    for (int i = 0; i < n; i++)
        fill_ex(soap, &resp->FaxStatusList->item[i], req->FaxJobIds->item[i].JobId);
    resp->return_ = xsd__boolean__true_;
    resp->WSError = wserror(soap, 0, "");
    return SOAP_OK;
}

int __tns__SimpleGetFaxStatus(struct soap *soap, struct _FaxWS__SimpleGetFaxStatus *req,
                              struct _FaxWS__SimpleFaxStatusResponse *resp)
{
    int ok = authorised(soap, req->UserID, req->strPIN);
    if (ok < 0)
        return soap_sender_fault(soap, "Unknown user fault-user", NULL);
    const struct job *j = job(req->JobId);
    resp->return_ = !ok ? -1000 : j ? j->status : -5019;
    return SOAP_OK;
}

int __tns__CheckService(struct soap *soap, struct _FaxWS__CheckService *req,
                        struct _FaxWS__CheckServiceResponse *resp)
{
    (void)req;
    resp->return_ = soap_strdup(soap, "gSOAP peer OK");
    return SOAP_OK;
}

#define NOT_SERVED(op, reqt, respt)                                                  \
    int __tns__##op(struct soap *soap, struct reqt *req, struct respt *resp)           \
    {                                                                                  \
        (void)req;                                                                     \
        (void)resp;                                                                    \
        return soap_receiver_fault(soap, "not served by this peer: " #op, NULL);     \
    }
NOT_SERVED(GetFaxStatus, _FaxWS__GetFaxStatus, _FaxWS__FaxStatusResponse)
NOT_SERVED(GetRealTimeFaxStatus, _FaxWS__GetRealTimeFaxStatus, _FaxWS__RealTimeFaxStatusResponse)
NOT_SERVED(GetRealTimeFaxStatusEx2, _FaxWS__GetRealTimeFaxStatusEx2,
           _FaxWS__RealTimeFaxStatusEx2Response)
NOT_SERVED(GetRealTimeFaxStatusEx3, _FaxWS__GetRealTimeFaxStatusEx3,
           _FaxWS__RealTimeFaxStatusEx3Response)
/* The schema's operations outside the status subset (sending, cancelling, broadcasts). */
NOT_SERVED(GetFaxAccountSettings, _FaxWS__GetFaxAccountSettings, _FaxWS__GetFaxAccountSettingsResponse)
NOT_SERVED(SimpleSendFax, _FaxWS__SimpleSendFax, _FaxWS__SimpleFaxSendResponse)
NOT_SERVED(SendFax, _FaxWS__SendFax, _FaxWS__FaxSendResponse)
NOT_SERVED(SendFaxEx, _FaxWS__SendFaxEx, _FaxWS__FaxSendExResponse)
NOT_SERVED(SendFaxBroadcast, _FaxWS__SendFaxBroadcast, _FaxWS__FaxBroadcastResponse)
NOT_SERVED(SendFaxBroadcastEx, _FaxWS__SendFaxBroadcastEx, _FaxWS__FaxBroadcastExResponse)
NOT_SERVED(GetFaxBroadcastReport, _FaxWS__GetFaxBroadcastReport, _FaxWS__GetFaxBroadcastReportResponse)
NOT_SERVED(CancelFax, _FaxWS__CancelFax, _FaxWS__CancelFaxResponse)
NOT_SERVED(GetFaxCoverList, _FaxWS__GetFaxCoverList, _FaxWS__FaxCoverResponse)
NOT_SERVED(GetFaxBroadcastStatus, _FaxWS__GetFaxBroadcastStatus, _FaxWS__FaxBroadcastStatusResponse)

/* The SOAP 1.2 binding's operations (the "_" twins wsdl2h makes) answer the same. */
#define TWIN(op, reqt, respt)                                                          \
    int __tns__##op##_(struct soap *soap, struct reqt *req, struct respt *resp)        \
    {                                                                                  \
        return __tns__##op(soap, req, resp);                                           \
    }
TWIN(GetFaxStatus, _FaxWS__GetFaxStatus, _FaxWS__FaxStatusResponse)
TWIN(GetRealTimeFaxStatus, _FaxWS__GetRealTimeFaxStatus, _FaxWS__RealTimeFaxStatusResponse)
TWIN(GetRealTimeFaxStatusEx, _FaxWS__GetRealTimeFaxStatusEx, _FaxWS__RealTimeFaxStatusExResponse)
TWIN(GetRealTimeFaxStatusEx2, _FaxWS__GetRealTimeFaxStatusEx2,
     _FaxWS__RealTimeFaxStatusEx2Response)
TWIN(GetRealTimeFaxStatusEx3, _FaxWS__GetRealTimeFaxStatusEx3,
     _FaxWS__RealTimeFaxStatusEx3Response)
TWIN(SimpleGetFaxStatus, _FaxWS__SimpleGetFaxStatus, _FaxWS__SimpleFaxStatusResponse)
TWIN(CheckService, _FaxWS__CheckService, _FaxWS__CheckServiceResponse)
TWIN(GetFaxAccountSettings, _FaxWS__GetFaxAccountSettings, _FaxWS__GetFaxAccountSettingsResponse)
TWIN(SimpleSendFax, _FaxWS__SimpleSendFax, _FaxWS__SimpleFaxSendResponse)
TWIN(SendFax, _FaxWS__SendFax, _FaxWS__FaxSendResponse)
TWIN(SendFaxEx, _FaxWS__SendFaxEx, _FaxWS__FaxSendExResponse)
TWIN(SendFaxBroadcast, _FaxWS__SendFaxBroadcast, _FaxWS__FaxBroadcastResponse)
TWIN(SendFaxBroadcastEx, _FaxWS__SendFaxBroadcastEx, _FaxWS__FaxBroadcastExResponse)
TWIN(GetFaxBroadcastReport, _FaxWS__GetFaxBroadcastReport, _FaxWS__GetFaxBroadcastReportResponse)
TWIN(CancelFax, _FaxWS__CancelFax, _FaxWS__CancelFaxResponse)
TWIN(GetFaxCoverList, _FaxWS__GetFaxCoverList, _FaxWS__FaxCoverResponse)
TWIN(GetFaxBroadcastStatus, _FaxWS__GetFaxBroadcastStatus, _FaxWS__FaxBroadcastStatusResponse)

static int serve(int argc, char **argv)
{
    const char *modes = argc > 1 ? argv[1] : "plain";
    int omode = SOAP_C_UTFSTRING;
    if (has_mode(modes, "nil"))
        omode |= SOAP_XML_NIL;
    if (has_mode(modes, "indent"))
        omode |= SOAP_XML_INDENT;
    if (has_mode(modes, "defaultns"))
        omode |= SOAP_XML_DEFAULTNS;
    if (has_mode(modes, "canonical"))
        omode |= SOAP_XML_CANONICAL;
    if (has_mode(modes, "chunk"))
        omode |= SOAP_IO_CHUNK;
    if (has_mode(modes, "keepalive"))
        omode |= SOAP_IO_KEEPALIVE;
    struct soap *soap = soap_new1(omode);
    if (has_mode(modes, "gzip") && !gzip_mode(soap))
        return 2;
    soap->bind_flags = SO_REUSEADDR;
    soap->accept_timeout = 60;
    soap->send_timeout = soap->recv_timeout = 20;
    if (!soap_valid_socket(soap_bind(soap, "127.0.0.1", 0, 64))) {
        soap_print_fault(soap, stderr);
        return 1;
    }
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    if (getsockname(soap->master, (struct sockaddr *)&addr, &len) != 0) {
        perror("getsockname");
        return 1;
    }
    printf("port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        if (!soap_valid_socket(soap_accept(soap))) {
            if (soap->errnum == 0)
                break; /* idle for accept_timeout: the test is gone */
            soap_print_fault(soap, stderr);
            continue;
        }
        if (soap_serve(soap) != SOAP_OK && soap->error != SOAP_EOF)
            soap_print_fault(soap, stderr);
        soap_destroy(soap);
        soap_end(soap);
    }
    soap_free(soap);
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN); /* a peer that hangs up is an error to report, not a crash */
    if (argc >= 2 && strcmp(argv[1], "client") == 0)
        return client(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return serve(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "features") == 0) {
#ifdef WITH_GZIP
        puts("gzip");
#endif
        return 0;
    }
    fputs("usage: gsoap_peer client|serve|features ...\n", stderr);
    return 2;
}
