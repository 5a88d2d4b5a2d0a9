<?php
// PHP's SoapClient in WSDL mode against a FaxWS endpoint, for faxstatus's interop tests.
//   php php_client.php WSDL URL 11|12 USER PIN OP [ID...]
// OP: ex (GetRealTimeFaxStatusEx), ex2, simple (SimpleGetFaxStatus), check (CheckService).
// URL "-" keeps the address the WSDL names (for a WSDL fetched from the service's ?wsdl).
// Prints the decoded answer as one JSON object; a SoapFault as {"fault": {...}}.
if ($argc < 7) {
    fwrite(STDERR, "usage: php_client.php WSDL URL 11|12 USER PIN OP [ID...]\n");
    exit(2);
}
[$_, $wsdl, $url, $version, $user, $pin, $op] = array_slice($argv, 0, 7);
$ids = array_slice($argv, 7);
$options = [
    'soap_version' => $version === '11' ? SOAP_1_1 : SOAP_1_2,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'exceptions' => true,
    'trace' => true,
    'connection_timeout' => 10,
];
if ($url !== '-') {
    $options['location'] = $url;
}
$client = new SoapClient($wsdl, $options);
$items = array_map(fn($id) => ['JobId' => $id], $ids);
$request = ['UserID' => $user, 'strPIN' => $pin, 'FaxJobIds' => ['item' => $items]];
try {
    switch ($op) {
        case 'ex':
            $answer = $client->GetRealTimeFaxStatusEx($request);
            break;
        case 'ex2':
            $answer = $client->GetRealTimeFaxStatusEx2($request);
            break;
        case 'simple':
            $answer = $client->SimpleGetFaxStatus(
                ['UserID' => $user, 'strPIN' => $pin, 'JobId' => $ids[0] ?? '']
            );
            break;
        case 'check':
            $answer = $client->CheckService([]);
            break;
        default:
            fwrite(STDERR, "unknown operation $op\n");
            exit(2);
    }
} catch (SoapFault $f) {
    echo json_encode(['fault' => ['code' => $f->faultcode, 'string' => $f->faultstring,
        'request' => $client->__getLastRequest()]]), "\n";
    exit(3);
}
echo json_encode(['answer' => $answer,
    'request_headers' => $client->__getLastRequestHeaders()]), "\n";
