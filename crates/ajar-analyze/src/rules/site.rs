//! Rules about sites, networks and org settings that shape guest access.

mod experience_public;
mod guest_file_access;
mod guest_member_visibility;
mod secure_guest_access_false;
mod self_registration;
mod site_guest_profile_missing;
mod site_inactive_with_guest_access;

pub use experience_public::ExperiencePublic;
pub use guest_file_access::GuestFileAccess;
pub use guest_member_visibility::GuestMemberVisibility;
pub use secure_guest_access_false::SecureGuestAccessFalse;
pub use self_registration::SelfRegistration;
pub use site_guest_profile_missing::SiteGuestProfileMissing;
pub use site_inactive_with_guest_access::SiteInactiveWithGuestAccess;
