//! The closed sets of values settings take. Each reads any string: a value this SDK does not know
//! yet becomes `Other` and is written back unchanged, so a new value on the service never breaks
//! decoding.
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines an enum of known wire strings plus `Other(String)`, written and read as the string.
macro_rules! open_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $wire:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
            /// A value this SDK does not know (kept as sent; `""` when the field was missing).
            Other(String),
        }

        impl $name {
            /// The value as the service writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s,
                }
            }
        }

        impl Default for $name {
            /// `Other("")`: what a response that leaves the field out reads as.
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match Self::from(s.as_str()) {
                    Self::Other(_) => Self::Other(s),
                    known => known,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Option::<String>::deserialize(d)?.map(Self::from).unwrap_or_default())
            }
        }
    };
}

open_enum! {
    /// Whether a feature can be used and starts by itself: recording, transcription, closed
    /// captions, noise cancellation, frame recording, encryption.
    ///
    /// ```
    /// use stream_models::v2::FeatureMode;
    /// assert_eq!(FeatureMode::from("auto-on"), FeatureMode::AutoOn);
    /// assert_eq!(FeatureMode::from("later").as_str(), "later");
    /// ```
    FeatureMode {
        /// `available`: can be started.
        Available = "available",
        /// `disabled`: cannot be used.
        Disabled = "disabled",
        /// `auto-on`: starts with the call.
        AutoOn = "auto-on",
    }
}

open_enum! {
    /// Output resolution of recordings, RTMP broadcasts, HLS tracks and frame recordings.
    VideoQuality {
        /// `360p`.
        P360 = "360p",
        /// `480p`.
        P480 = "480p",
        /// `720p`.
        P720 = "720p",
        /// `1080p`.
        P1080 = "1080p",
        /// `1440p`.
        P1440 = "1440p",
        /// `portrait-360x640`.
        Portrait360x640 = "portrait-360x640",
        /// `portrait-480x854`.
        Portrait480x854 = "portrait-480x854",
        /// `portrait-720x1280`.
        Portrait720x1280 = "portrait-720x1280",
        /// `portrait-1080x1920`.
        Portrait1080x1920 = "portrait-1080x1920",
        /// `portrait-1440x2560`.
        Portrait1440x2560 = "portrait-1440x2560",
    }
}

open_enum! {
    /// Where audio plays by default.
    AudioDevice {
        /// `speaker`.
        Speaker = "speaker",
        /// `earpiece`.
        Earpiece = "earpiece",
    }
}

open_enum! {
    /// Which camera starts.
    CameraFacing {
        /// `front`.
        Front = "front",
        /// `back`.
        Back = "back",
        /// `external`.
        External = "external",
    }
}

open_enum! {
    /// The layout of composite recordings and broadcasts.
    LayoutName {
        /// `spotlight`: the speaker large, the others in a bar.
        Spotlight = "spotlight",
        /// `grid`: everyone the same size.
        Grid = "grid",
        /// `single-participant`: one participant.
        SingleParticipant = "single-participant",
        /// `mobile`: for portrait screens.
        Mobile = "mobile",
        /// `custom`: your own page (`external_app_url`) or style (`external_css_url`).
        Custom = "custom",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        let modes: Vec<FeatureMode> =
            serde_json::from_str(r#"["available","disabled","auto-on","soon",null]"#).unwrap();
        assert_eq!(
            modes,
            [
                FeatureMode::Available,
                FeatureMode::Disabled,
                FeatureMode::AutoOn,
                FeatureMode::Other("soon".into()),
                FeatureMode::Other(String::new()),
            ]
        );
        assert_eq!(
            serde_json::to_string(&modes[..4]).unwrap(),
            r#"["available","disabled","auto-on","soon"]"#
        );
        assert_eq!(
            VideoQuality::from("portrait-720x1280"),
            VideoQuality::Portrait720x1280
        );
        assert_eq!(VideoQuality::from(String::from("4k")).to_string(), "4k");
        assert_eq!(
            LayoutName::from("single-participant"),
            LayoutName::SingleParticipant
        );
        assert_eq!(AudioDevice::default().as_str(), "");
        assert_eq!(CameraFacing::from("external"), CameraFacing::External);
    }
}
