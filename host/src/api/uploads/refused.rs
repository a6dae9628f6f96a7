//! The upload endpoints' error response: the one error shape, plus the
//! server's offset in `Upload-Offset` when a chunk came at the wrong one.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::files::UploadError;
use crate::api::error::ApiError;

/// The header that carries the server's offset.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// An error response that also tells the client the server's offset.
#[derive(Debug)]
pub struct UploadRefused {
    error: ApiError,
    offset: Option<u64>,
}

impl From<ApiError> for UploadRefused {
    fn from(error: ApiError) -> Self {
        Self { error, offset: None }
    }
}

impl From<crate::store::StoreError> for UploadRefused {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<crate::engine::EngineError> for UploadRefused {
    fn from(e: crate::engine::EngineError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<UploadError> for UploadRefused {
    fn from(e: UploadError) -> Self {
        let message = e.to_string();
        match e {
            UploadError::WrongOffset { current } => {
                Self { error: ApiError::conflict("wrong-offset", message), offset: Some(current) }
            }
            UploadError::TooLarge { .. } => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", message).with_field("total_bytes").into()
            }
            UploadError::SessionFull { .. } => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "session-full", message).into()
            }
            UploadError::NotMedia { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not-media", message).with_field("content_type").into()
            }
            UploadError::Empty => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "empty-recording", message)
                .with_field("total_bytes")
                .into(),
            UploadError::AlreadyComplete => ApiError::conflict("upload-complete", message).into(),
            UploadError::SizeMismatch { .. } => ApiError::invalid("total_bytes", message).into(),
            UploadError::HashMismatch => ApiError::invalid("sha256", message).into(),
            UploadError::Io(e) => ApiError::internal(&e).into(),
        }
    }
}

impl IntoResponse for UploadRefused {
    fn into_response(self) -> Response {
        let mut response = self.error.into_response();
        if let Some(offset) = self.offset {
            response.headers_mut().insert(UPLOAD_OFFSET, HeaderValue::from(offset));
        }
        response
    }
}
