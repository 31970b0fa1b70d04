//! Checks of call settings before they are sent (a call's `settings_override`, a call type's
//! `settings`): durations, timeouts and counts not negative, intervals and resolutions positive,
//! and no empty value where the service expects one of a closed set.
use stream_models::v2::{
    CallSettingsRequest, LayoutSettingsRequest, TargetResolution, settings::enums,
};

use super::check_not_empty;
use crate::error::{BuildError, Error};

fn at_least(field: &'static str, value: Option<i64>, min: i64) -> Result<(), Error> {
    match value {
        Some(v) if v < min => {
            Err(BuildError::field(field, format!("must be {min} or more, not {v}")).into())
        }
        _ => Ok(()),
    }
}

fn mode(field: &'static str, value: Option<&enums::FeatureMode>) -> Result<(), Error> {
    check_not_empty(field, value.map(enums::FeatureMode::as_str))
}

fn quality(field: &'static str, value: Option<&enums::VideoQuality>) -> Result<(), Error> {
    check_not_empty(field, value.map(enums::VideoQuality::as_str))
}

fn layout(field: &'static str, value: Option<&LayoutSettingsRequest>) -> Result<(), Error> {
    check_not_empty(
        field,
        value.and_then(|l| l.name.as_ref()).map(|n| n.as_str()),
    )
}

fn resolution(
    width: &'static str,
    height: &'static str,
    value: Option<&TargetResolution>,
) -> Result<(), Error> {
    if let Some(r) = value {
        at_least(width, Some(r.width), 1)?;
        at_least(height, Some(r.height), 1)?;
    }
    Ok(())
}

/// Checks `s` as sent in a call's overrides or a call type's settings.
pub(crate) fn check(s: &CallSettingsRequest) -> Result<(), Error> {
    if let Some(a) = &s.audio {
        check_not_empty(
            "audio.default_device",
            a.default_device.as_ref().map(|d| d.as_str()),
        )?;
        let nc = a.noise_cancellation.as_ref();
        mode(
            "audio.noise_cancellation.mode",
            nc.and_then(|n| n.mode.as_ref()),
        )?;
    }
    if let Some(v) = &s.video {
        check_not_empty(
            "video.camera_facing",
            v.camera_facing.as_ref().map(|c| c.as_str()),
        )?;
        resolution(
            "video.target_resolution.width",
            "video.target_resolution.height",
            v.target_resolution.as_ref(),
        )?;
    }
    if let Some(v) = &s.screensharing {
        resolution(
            "screensharing.target_resolution.width",
            "screensharing.target_resolution.height",
            v.target_resolution.as_ref(),
        )?;
    }
    if let Some(r) = &s.recording {
        mode("recording.mode", r.mode.as_ref())?;
        quality("recording.quality", r.quality.as_ref())?;
        layout("recording.layout.name", r.layout.as_ref())?;
    }
    if let Some(b) = &s.broadcasting {
        if let Some(h) = &b.hls {
            layout("broadcasting.hls.layout.name", h.layout.as_ref())?;
        }
        if let Some(r) = &b.rtmp {
            quality("broadcasting.rtmp.quality", r.quality.as_ref())?;
            layout("broadcasting.rtmp.layout.name", r.layout.as_ref())?;
        }
    }
    if let Some(t) = &s.transcription {
        mode("transcription.mode", t.mode.as_ref())?;
        mode(
            "transcription.closed_caption_mode",
            t.closed_caption_mode.as_ref(),
        )?;
        if let Some(c) = &t.speech_segment_config {
            at_least(
                "transcription.speech_segment_config.max_speech_caption_ms",
                c.max_speech_caption_ms,
                0,
            )?;
            at_least(
                "transcription.speech_segment_config.silence_duration_ms",
                c.silence_duration_ms,
                0,
            )?;
        }
    }
    if let Some(b) = &s.backstage {
        at_least(
            "backstage.join_ahead_time_seconds",
            b.join_ahead_time_seconds,
            0,
        )?;
    }
    if let Some(x) = &s.session {
        at_least(
            "session.inactivity_timeout_seconds",
            x.inactivity_timeout_seconds,
            0,
        )?;
    }
    if let Some(l) = &s.limits {
        at_least("limits.max_duration_seconds", l.max_duration_seconds, 0)?;
        at_least("limits.max_participants", l.max_participants, 0)?;
    }
    if let Some(f) = &s.frame_recording {
        mode("frame_recording.mode", f.mode.as_ref())?;
        quality("frame_recording.quality", f.quality.as_ref())?;
        at_least(
            "frame_recording.capture_interval_in_seconds",
            f.capture_interval_in_seconds,
            1,
        )?;
    }
    if let Some(r) = &s.ring {
        at_least("ring.auto_cancel_timeout_ms", r.auto_cancel_timeout_ms, 0)?;
        at_least(
            "ring.incoming_call_timeout_ms",
            r.incoming_call_timeout_ms,
            0,
        )?;
        at_least("ring.missed_call_timeout_ms", r.missed_call_timeout_ms, 0)?;
    }
    if let Some(r) = &s.individual_recording {
        mode("individual_recording.mode", r.mode.as_ref())?;
    }
    if let Some(r) = &s.raw_recording {
        mode("raw_recording.mode", r.mode.as_ref())?;
    }
    if let Some(e) = &s.encryption {
        mode("encryption.mode", e.mode.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use stream_models::v2::{
        BackstageSettingsRequest, FeatureMode, FrameRecordingSettingsRequest,
        LimitsSettingsRequest, RecordSettingsRequest, VideoSettingsRequest,
    };

    use super::*;

    fn refused(s: CallSettingsRequest, field: &str) {
        match check(&s) {
            Err(Error::Build(BuildError::InvalidField { field: f, .. })) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }

    #[test]
    fn sensible_settings_pass_and_wrong_ones_name_their_field() {
        let ok = CallSettingsRequest::new()
            .backstage(BackstageSettingsRequest::new().join_ahead_time_seconds(0))
            .limits(LimitsSettingsRequest::new().max_duration_seconds(3600))
            .recording(RecordSettingsRequest::new().mode(FeatureMode::AutoOn));
        assert!(check(&ok).is_ok());
        refused(
            CallSettingsRequest::new()
                .limits(LimitsSettingsRequest::new().max_duration_seconds(-1)),
            "limits.max_duration_seconds",
        );
        refused(
            CallSettingsRequest::new()
                .backstage(BackstageSettingsRequest::new().join_ahead_time_seconds(-300)),
            "backstage.join_ahead_time_seconds",
        );
        refused(
            CallSettingsRequest::new().recording(RecordSettingsRequest::new().mode("")),
            "recording.mode",
        );
        refused(
            CallSettingsRequest::new().frame_recording(
                FrameRecordingSettingsRequest::new().capture_interval_in_seconds(0),
            ),
            "frame_recording.capture_interval_in_seconds",
        );
        refused(
            CallSettingsRequest::new().video(
                VideoSettingsRequest::new().target_resolution(TargetResolution::new(0, 720)),
            ),
            "video.target_resolution.width",
        );
    }
}
