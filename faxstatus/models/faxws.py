from __future__ import annotations

from dataclasses import dataclass, field

__NAMESPACE__ = "urn:FaxWS"


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
class FaxJobId:
    job_id: str = field(
        metadata={
            "name": "JobId",
            "type": "Element",
            "namespace": "urn:FaxWS",
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
