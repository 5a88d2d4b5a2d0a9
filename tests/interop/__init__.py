"""Interop tests against SOAP software nobody here wrote (gSOAP, PHP SoapClient, node-soap)."""
