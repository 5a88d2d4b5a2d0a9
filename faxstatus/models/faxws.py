from __future__ import annotations

from dataclasses import dataclass, field

__NAMESPACE__ = "urn:FaxWS"


@dataclass(slots=True, kw_only=True)
class CancelFax:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class CheckService:
    class Meta:
        namespace = "urn:FaxWS"


@dataclass(slots=True, kw_only=True)
class CheckServiceResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: str = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class DID:
    port_number: None | int = field(
        default=None,
        metadata={
            "name": "PortNumber",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    did: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    default_csid: str = field(
        metadata={
            "name": "DefaultCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    send_delivery_confirmation: int = field(
        metadata={
            "name": "SendDeliveryConfirmation",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    process_inbound: bool = field(
        metadata={
            "name": "ProcessInbound",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    line_specific_credentials: str = field(
        metadata={
            "name": "LineSpecificCredentials",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxBroadcastJob:
    job_schedule_start_type: int = field(
        metadata={
            "name": "JobScheduleStartType",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    job_schedule_start_date: str = field(
        metadata={
            "name": "JobScheduleStartDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    job_expiry_date: str = field(
        metadata={
            "name": "JobExpiryDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_csid: str = field(
        metadata={
            "name": "SenderCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_name: str = field(
        metadata={
            "name": "SenderName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_company: str = field(
        metadata={
            "name": "SenderCompany",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_phone: str = field(
        metadata={
            "name": "SenderPhone",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_address1: str = field(
        metadata={
            "name": "SenderAddress1",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_address2: str = field(
        metadata={
            "name": "SenderAddress2",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_city: str = field(
        metadata={
            "name": "SenderCity",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_state: str = field(
        metadata={
            "name": "SenderState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_zip: str = field(
        metadata={
            "name": "SenderZip",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_country: str = field(
        metadata={
            "name": "SenderCountry",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_name: str = field(
        metadata={
            "name": "CoverName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_subject: str = field(
        metadata={
            "name": "CoverSubject",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    resolution: str = field(
        metadata={
            "name": "Resolution",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    user_field1: None | str = field(
        default=None,
        metadata={
            "name": "UserField1",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field2: None | str = field(
        default=None,
        metadata={
            "name": "UserField2",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field3: None | str = field(
        default=None,
        metadata={
            "name": "UserField3",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field4: None | str = field(
        default=None,
        metadata={
            "name": "UserField4",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field5: None | str = field(
        default=None,
        metadata={
            "name": "UserField5",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    exception_destination: str = field(
        metadata={
            "name": "ExceptionDestination",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_fax: str = field(
        metadata={
            "name": "SenderFax",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    software_client: str = field(
        metadata={
            "name": "SoftwareClient",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_text: str = field(
        metadata={
            "name": "CoverText",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    user_field6: None | str = field(
        default=None,
        metadata={
            "name": "UserField6",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field7: None | str = field(
        default=None,
        metadata={
            "name": "UserField7",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field8: None | str = field(
        default=None,
        metadata={
            "name": "UserField8",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field9: None | str = field(
        default=None,
        metadata={
            "name": "UserField9",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field10: None | str = field(
        default=None,
        metadata={
            "name": "UserField10",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field11: None | str = field(
        default=None,
        metadata={
            "name": "UserField11",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field12: None | str = field(
        default=None,
        metadata={
            "name": "UserField12",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxBroadcastStatusRequest:
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    start_recipient_id: int = field(
        default=-1,
        metadata={
            "name": "StartRecipientId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    end_recipient_id: int = field(
        default=-1,
        metadata={
            "name": "EndRecipientId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recipient_status: int = field(
        default=-1,
        metadata={
            "name": "RecipientStatus",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxCover:
    fax_cover_name: str = field(
        metadata={
            "name": "FaxCoverName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxJob:
    job_schedule_start_type: int = field(
        metadata={
            "name": "JobScheduleStartType",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    job_schedule_start_date: str = field(
        metadata={
            "name": "JobScheduleStartDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    job_expiry_date: str = field(
        metadata={
            "name": "JobExpiryDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_csid: str = field(
        metadata={
            "name": "SenderCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_name: str = field(
        metadata={
            "name": "SenderName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_company: str = field(
        metadata={
            "name": "SenderCompany",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_phone: str = field(
        metadata={
            "name": "SenderPhone",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_text: str = field(
        metadata={
            "name": "CoverText",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_name: str = field(
        metadata={
            "name": "CoverName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    cover_subject: str = field(
        metadata={
            "name": "CoverSubject",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    reference_id: str = field(
        metadata={
            "name": "ReferenceId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    resolution: str = field(
        metadata={
            "name": "Resolution",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    sender_fax: str = field(
        metadata={
            "name": "SenderFax",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    software_client: str = field(
        metadata={
            "name": "SoftwareClient",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    notify_type: int = field(
        metadata={
            "name": "NotifyType",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    notify_include_delivered_image: int = field(
        metadata={
            "name": "NotifyIncludeDeliveredImage",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    notify_destination: str = field(
        metadata={
            "name": "NotifyDestination",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    notify_auth_user: str = field(
        metadata={
            "name": "NotifyAuthUser",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    notify_auth_password: str = field(
        metadata={
            "name": "NotifyAuthPassword",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    user_field1: None | str = field(
        default=None,
        metadata={
            "name": "UserField1",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field2: None | str = field(
        default=None,
        metadata={
            "name": "UserField2",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field3: None | str = field(
        default=None,
        metadata={
            "name": "UserField3",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field4: None | str = field(
        default=None,
        metadata={
            "name": "UserField4",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field5: None | str = field(
        default=None,
        metadata={
            "name": "UserField5",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field6: None | str = field(
        default=None,
        metadata={
            "name": "UserField6",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field7: None | str = field(
        default=None,
        metadata={
            "name": "UserField7",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field8: None | str = field(
        default=None,
        metadata={
            "name": "UserField8",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field9: None | str = field(
        default=None,
        metadata={
            "name": "UserField9",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field10: None | str = field(
        default=None,
        metadata={
            "name": "UserField10",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field11: None | str = field(
        default=None,
        metadata={
            "name": "UserField11",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    user_field12: None | str = field(
        default=None,
        metadata={
            "name": "UserField12",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxJobFile:
    file_index: int = field(
        metadata={
            "name": "FileIndex",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    file_type_id: int = field(
        metadata={
            "name": "FileTypeId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    file_data: bytes = field(
        metadata={
            "name": "FileData",
            "type": "Element",
            "namespace": "urn:FaxWS",
            "format": "base64",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxJobId:
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxJobRecipient:
    recip_fax_number: str = field(
        metadata={
            "name": "RecipFaxNumber",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recip_company: str = field(
        metadata={
            "name": "RecipCompany",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recip_title: str = field(
        metadata={
            "name": "RecipTitle",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recip_name: str = field(
        metadata={
            "name": "RecipName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recip_secure_csid: str = field(
        metadata={
            "name": "RecipSecureCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recip_first_name: None | str = field(
        default=None,
        metadata={
            "name": "RecipFirstName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_last_name: None | str = field(
        default=None,
        metadata={
            "name": "RecipLastName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_address1: None | str = field(
        default=None,
        metadata={
            "name": "RecipAddress1",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_address2: None | str = field(
        default=None,
        metadata={
            "name": "RecipAddress2",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_city: None | str = field(
        default=None,
        metadata={
            "name": "RecipCity",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_state: None | str = field(
        default=None,
        metadata={
            "name": "RecipState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_zipcode: None | str = field(
        default=None,
        metadata={
            "name": "RecipZipcode",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_country: None | str = field(
        default=None,
        metadata={
            "name": "RecipCountry",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_voice_number: None | str = field(
        default=None,
        metadata={
            "name": "RecipVoiceNumber",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field1: None | str = field(
        default=None,
        metadata={
            "name": "RecipField1",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field2: None | str = field(
        default=None,
        metadata={
            "name": "RecipField2",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field3: None | str = field(
        default=None,
        metadata={
            "name": "RecipField3",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field4: None | str = field(
        default=None,
        metadata={
            "name": "RecipField4",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field5: None | str = field(
        default=None,
        metadata={
            "name": "RecipField5",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field6: None | str = field(
        default=None,
        metadata={
            "name": "RecipField6",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field7: None | str = field(
        default=None,
        metadata={
            "name": "RecipField7",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field8: None | str = field(
        default=None,
        metadata={
            "name": "RecipField8",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field9: None | str = field(
        default=None,
        metadata={
            "name": "RecipField9",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field10: None | str = field(
        default=None,
        metadata={
            "name": "RecipField10",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field11: None | str = field(
        default=None,
        metadata={
            "name": "RecipField11",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    recip_field12: None | str = field(
        default=None,
        metadata={
            "name": "RecipField12",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )


@dataclass(slots=True, kw_only=True)
class GetFaxAccountSettings:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetFaxBroadcastReport:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
        }
    )
    recipient_type: int = field(
        metadata={
            "name": "RecipientType",
            "type": "Element",
        }
    )
    recip_address: str = field(
        metadata={
            "name": "RecipAddress",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetFaxCoverList:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RecipientStatus:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_id: int = field(
        metadata={
            "name": "RecipientId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_status_id: int = field(
        metadata={
            "name": "RecipientStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_status_description: str = field(
        metadata={
            "name": "RecipientStatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_name: str = field(
        metadata={
            "name": "RecipientName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_company_name: str = field(
        metadata={
            "name": "RecipientCompanyName",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    delivery_attempts: int = field(
        metadata={
            "name": "DeliveryAttempts",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    delivery_duration: int = field(
        metadata={
            "name": "DeliveryDuration",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    delivery_speed: int = field(
        metadata={
            "name": "DeliverySpeed",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    receive_csid: str = field(
        metadata={
            "name": "ReceiveCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    page_count: int = field(
        metadata={
            "name": "PageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_number: str = field(
        metadata={
            "name": "FaxNumber",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    start_date: str = field(
        metadata={
            "name": "StartDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    end_date: str = field(
        metadata={
            "name": "EndDate",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class SimpleFaxSendResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: str = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SimpleFaxStatusResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: int = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SimpleGetFaxStatus:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SimpleSendFax:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    recipient_name: str = field(
        metadata={
            "name": "RecipientName",
            "type": "Element",
        }
    )
    fax_number: str = field(
        metadata={
            "name": "FaxNumber",
            "type": "Element",
        }
    )
    tiffjob_file: bytes = field(
        metadata={
            "name": "TIFFJobFile",
            "type": "Element",
            "format": "base64",
        }
    )


@dataclass(slots=True, kw_only=True)
class WSError:
    error_code: int = field(
        metadata={
            "name": "ErrorCode",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error_string: str = field(
        metadata={
            "name": "ErrorString",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class CancelFaxResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class DIDList:
    item: list[DID] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxBroadcastExResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxBroadcastResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxCoverList:
    item: list[FaxCover] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxJobFiles:
    item: list[FaxJobFile] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxJobIds:
    item: list[FaxJobId] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxJobRecipients:
    item: list[FaxJobRecipient] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxStatus:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_job_status_id: int = field(
        metadata={
            "name": "FaxJobStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    status_description: str = field(
        metadata={
            "name": "StatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error: WSError = field(
        metadata={
            "name": "Error",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetFaxBroadcastReportResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetFaxBroadcastStatus:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    request: FaxBroadcastStatusRequest = field(
        metadata={
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatus:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_job_status_id: int = field(
        metadata={
            "name": "FaxJobStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    status_description: str = field(
        metadata={
            "name": "StatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_state: int = field(
        metadata={
            "name": "RecipientState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_current_page_count: int = field(
        metadata={
            "name": "RecipientCurrentPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_total_page_count: int = field(
        metadata={
            "name": "RecipientTotalPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error: WSError = field(
        metadata={
            "name": "Error",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_job_status_id: int = field(
        metadata={
            "name": "FaxJobStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    status_description: str = field(
        metadata={
            "name": "StatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_state: int = field(
        metadata={
            "name": "RecipientState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_current_page_count: int = field(
        metadata={
            "name": "RecipientCurrentPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_total_page_count: int = field(
        metadata={
            "name": "RecipientTotalPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_date_time: str = field(
        metadata={
            "name": "FaxDeliveryDateTime",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_duration: int = field(
        metadata={
            "name": "FaxDeliveryDuration",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    remote_fax_csid: str = field(
        metadata={
            "name": "RemoteFaxCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error: WSError = field(
        metadata={
            "name": "Error",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx2:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_job_status_id: int = field(
        metadata={
            "name": "FaxJobStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    status_description: str = field(
        metadata={
            "name": "StatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_state: int = field(
        metadata={
            "name": "RecipientState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_current_page_count: int = field(
        metadata={
            "name": "RecipientCurrentPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_total_page_count: int = field(
        metadata={
            "name": "RecipientTotalPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_date_time: str = field(
        metadata={
            "name": "FaxDeliveryDateTime",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_duration: int = field(
        metadata={
            "name": "FaxDeliveryDuration",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    remote_fax_csid: str = field(
        metadata={
            "name": "RemoteFaxCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    reference_id: str = field(
        metadata={
            "name": "ReferenceId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error: WSError = field(
        metadata={
            "name": "Error",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx3:
    fax_job_id: str = field(
        metadata={
            "name": "FaxJobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_job_status_id: int = field(
        metadata={
            "name": "FaxJobStatusId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    status_description: str = field(
        metadata={
            "name": "StatusDescription",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_state: int = field(
        metadata={
            "name": "RecipientState",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_current_page_count: int = field(
        metadata={
            "name": "RecipientCurrentPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    recipient_total_page_count: int = field(
        metadata={
            "name": "RecipientTotalPageCount",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_date_time: str = field(
        metadata={
            "name": "FaxDeliveryDateTime",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_duration: int = field(
        metadata={
            "name": "FaxDeliveryDuration",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    remote_fax_csid: str = field(
        metadata={
            "name": "RemoteFaxCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    reference_id: str = field(
        metadata={
            "name": "ReferenceId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_number: str = field(
        metadata={
            "name": "FaxNumber",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_submit_date_time: str = field(
        metadata={
            "name": "FaxSubmitDateTime",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_start_date_time: str = field(
        metadata={
            "name": "FaxStartDateTime",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    fax_delivery_attempts: int = field(
        metadata={
            "name": "FaxDeliveryAttempts",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    error: WSError = field(
        metadata={
            "name": "Error",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )


@dataclass(slots=True, kw_only=True)
class RecipientStatusList:
    item: list[RecipientStatus] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class ConcordAccount:
    user_id: None | str = field(
        default=None,
        metadata={
            "name": "UserId",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    pin: None | str = field(
        default=None,
        metadata={
            "name": "Pin",
            "type": "Element",
            "namespace": "urn:FaxWS",
        },
    )
    default_csid: str = field(
        metadata={
            "name": "DefaultCSID",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    send_delivery_confirmation: int = field(
        metadata={
            "name": "SendDeliveryConfirmation",
            "type": "Element",
            "namespace": "urn:FaxWS",
        }
    )
    didlist: None | DIDList = field(
        default=None,
        metadata={
            "name": "DIDList",
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class FaxBroadcastStatusResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    recipient_status_list: None | RecipientStatusList = field(
        default=None,
        metadata={
            "name": "RecipientStatusList",
            "type": "Element",
            "nillable": True,
        },
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxCoverResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_cover_list: FaxCoverList = field(
        metadata={
            "name": "FaxCoverList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxSendExResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )
    ttfp: int = field(
        metadata={
            "name": "TTFP",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxSendResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )
    ttfp: int = field(
        metadata={
            "name": "TTFP",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxStatusList:
    item: list[FaxStatus] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class GetFaxStatus:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetRealTimeFaxStatus:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetRealTimeFaxStatusEx:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetRealTimeFaxStatusEx2:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetRealTimeFaxStatusEx3:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    fax_job_ids: FaxJobIds = field(
        metadata={
            "name": "FaxJobIds",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx2List:
    item: list[RealTimeFaxStatusEx2] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx3List:
    item: list[RealTimeFaxStatusEx3] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusExList:
    item: list[RealTimeFaxStatusEx] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusList:
    item: list[RealTimeFaxStatus] = field(
        default_factory=list,
        metadata={
            "type": "Element",
            "namespace": "urn:FaxWS",
            "nillable": True,
        },
    )


@dataclass(slots=True, kw_only=True)
class SendFax:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    recipients: FaxJobRecipients = field(
        metadata={
            "name": "Recipients",
            "type": "Element",
        }
    )
    fax_job_files: FaxJobFiles = field(
        metadata={
            "name": "FaxJobFiles",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SendFaxBroadcast:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    recipients: FaxJobRecipients = field(
        metadata={
            "name": "Recipients",
            "type": "Element",
        }
    )
    fax_job_files: FaxJobFiles = field(
        metadata={
            "name": "FaxJobFiles",
            "type": "Element",
        }
    )
    job_details: FaxBroadcastJob = field(
        metadata={
            "name": "JobDetails",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SendFaxBroadcastEx:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    csvfile: bytes = field(
        metadata={
            "name": "CSVFile",
            "type": "Element",
            "format": "base64",
        }
    )
    fax_job_files: FaxJobFiles = field(
        metadata={
            "name": "FaxJobFiles",
            "type": "Element",
        }
    )
    job_details: FaxBroadcastJob = field(
        metadata={
            "name": "JobDetails",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class SendFaxEx:
    class Meta:
        namespace = "urn:FaxWS"

    user_id: str = field(
        metadata={
            "name": "UserID",
            "type": "Element",
        }
    )
    str_pin: str = field(
        metadata={
            "name": "strPIN",
            "type": "Element",
        }
    )
    recipients: FaxJobRecipients = field(
        metadata={
            "name": "Recipients",
            "type": "Element",
        }
    )
    fax_job_files: FaxJobFiles = field(
        metadata={
            "name": "FaxJobFiles",
            "type": "Element",
        }
    )
    job_details: FaxJob = field(
        metadata={
            "name": "JobDetails",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class FaxStatusResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_status_list: FaxStatusList = field(
        metadata={
            "name": "FaxStatusList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class GetFaxAccountSettingsResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    account_info: ConcordAccount = field(
        metadata={
            "name": "AccountInfo",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx2Response:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_status_list: RealTimeFaxStatusEx2List = field(
        metadata={
            "name": "FaxStatusList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusEx3Response:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_status_list: RealTimeFaxStatusEx3List = field(
        metadata={
            "name": "FaxStatusList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusExResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_status_list: RealTimeFaxStatusExList = field(
        metadata={
            "name": "FaxStatusList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )


@dataclass(slots=True, kw_only=True)
class RealTimeFaxStatusResponse:
    class Meta:
        namespace = "urn:FaxWS"

    return_value: bool = field(
        metadata={
            "name": "return",
            "type": "Element",
        }
    )
    fax_status_list: RealTimeFaxStatusList = field(
        metadata={
            "name": "FaxStatusList",
            "type": "Element",
        }
    )
    wserror: WSError = field(
        metadata={
            "name": "WSError",
            "type": "Element",
        }
    )
