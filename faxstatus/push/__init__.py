"""Push notifications of final fax status: a sans-IO parser and encoder, a store, WSGI/ASGI apps.

Concord's Outbound Fax Delivery pushes each job's final status to a URL of the customer's
(CONTRACT.md §8): a form or multipart POST, a GET, or a SOAP 1.1 call. Layers, bottom up:
``_notification`` (the :class:`Notification` model and :func:`parse_notification`),
``_encode`` (:func:`encode_notification`, the sender side), ``_store`` (the SQLite
:class:`NotificationStore`), ``_receiver`` (secret, parse, store, answer: sans-IO),
``_apps`` (:func:`wsgi_app`, :func:`asgi_app`), ``_server`` (:class:`ListenServer`, on
the simulator's h11 serving code, for ``faxstatus listen``) and ``_pushpull``
(:class:`PushPullWatch`: push and pull reconciled, for ``faxstatus watch --listen``).

The simulator (a lower layer) cannot import this package: its push sender takes the
encoded request from a caller above it (the command line), or lives here.
"""

from .._errors import NotificationError, StoreError
from ._apps import AsgiApp, WsgiApp, asgi_app, wsgi_app
from ._encode import EncodedRequest, encode_notification, vendor_order
from ._notification import FLAVOURS, Notification, notification_from_fields, parse_notification
from ._pushpull import PushPullWatch
from ._receiver import Receiver, Reply
from ._server import ListenServer
from ._store import SCHEMA_VERSION, NotificationStore, Recorded

__all__ = [
    "FLAVOURS",
    "SCHEMA_VERSION",
    "AsgiApp",
    "EncodedRequest",
    "ListenServer",
    "Notification",
    "NotificationError",
    "NotificationStore",
    "PushPullWatch",
    "Receiver",
    "Recorded",
    "Reply",
    "StoreError",
    "WsgiApp",
    "asgi_app",
    "encode_notification",
    "notification_from_fields",
    "parse_notification",
    "vendor_order",
    "wsgi_app",
]
