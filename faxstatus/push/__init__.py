"""Push notifications of final fax status: a sans-IO parser and encoder, a store, WSGI/ASGI apps.

Concord's Outbound Fax Delivery pushes each job's final status to a URL of the customer's
(CONTRACT.md §8): a form or multipart POST, a GET, or a SOAP 1.1 call. Layers, bottom up:
``_notification`` (the :class:`Notification` model and :func:`parse_notification`),
``_encode`` (:func:`encode_notification`, the sender side), ``_store`` (the SQLite
:class:`NotificationStore`), ``_pushpull`` (:class:`PushPullWatch`: push and pull reconciled).

The simulator (a lower layer) cannot import this package: its push sender takes the
encoded request from a caller above it (the command line), or lives here.
"""

from .._errors import NotificationError, StoreError
from ._encode import EncodedRequest, encode_notification, vendor_order
from ._notification import FLAVOURS, Notification, notification_from_fields, parse_notification
from ._pushpull import PushPullWatch
from ._store import SCHEMA_VERSION, NotificationStore, Recorded

__all__ = [
    "FLAVOURS",
    "SCHEMA_VERSION",
    "EncodedRequest",
    "Notification",
    "NotificationError",
    "NotificationStore",
    "PushPullWatch",
    "Recorded",
    "StoreError",
    "encode_notification",
    "notification_from_fields",
    "parse_notification",
    "vendor_order",
]
