<?php
// PHP's SoapClient (php-soap) as the client under `faxstatus conformance client`.
//   php php_conformance_client.php WSDL        (the script's path in FAXWS_SCRIPT)
// Makes every SOAP step of the script with SoapClient in WSDL mode, the step's credentials
// and a fresh x-ch-request-id per call (the same one on the retry after a 503), and prints
// one JSON line per step with what SoapClient made of the answer. XML and JSON steps are
// skipped: SoapClient speaks SOAP only.
$wsdl = $argv[1];
$script = json_decode(file_get_contents(getenv('FAXWS_SCRIPT')), true);
foreach ($script['steps'] as $step) {
    $out = ['step' => $step['step']];
    $form = $step['content_type'];
    if ($form !== 'soap11' && $form !== 'soap12') {
        $out['skipped'] = "SoapClient has no $form form";
        echo json_encode($out), "\n";
        continue;
    }
    $headers = 'x-ch-request-id: ' . bin2hex(random_bytes(16)) . "\r\n";
    if (isset($step['credentials']['Authorization'])) {
        $headers .= 'Authorization: ' . $step['credentials']['Authorization'] . "\r\n";
    }
    $client = new SoapClient($wsdl, [
        'soap_version' => $form === 'soap11' ? SOAP_1_1 : SOAP_1_2,
        'location' => $script['endpoint'],
        'cache_wsdl' => WSDL_CACHE_NONE,
        'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
        'exceptions' => true,
        'connection_timeout' => 10,
        'stream_context' => stream_context_create(['http' => ['header' => $headers]]),
    ]);
    $op = $step['operation'];
    $args = [];
    if ($step['request_ids'] !== 'none') {
        $args = ['UserID' => $step['UserID'], 'strPIN' => $step['credentials']['strPIN'] ?? ''];
        if ($step['request_ids'] === 'single') {
            $args['JobId'] = $step['job_ids'][0];
        } else {
            $args['FaxJobIds'] = ['item' => array_map(fn($j) => ['JobId' => $j], $step['job_ids'])];
        }
    }
    for ($attempt = 1; $attempt <= 2; $attempt++) {
        try {
            $out['result'] = $client->__soapCall($op, [$args]);
        } catch (SoapFault $f) {
            if ($f->faultcode === 'HTTP' && $attempt === 1) {
                sleep(1);  // SoapClient keeps no response headers: Retry-After is 1 in the script
                continue;
            }
            $out['fault'] = ['code' => $f->faultcode, 'string' => $f->faultstring];
        }
        $out['attempts'] = $attempt;
        break;
    }
    echo json_encode($out), "\n";
}
