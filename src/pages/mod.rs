//! One page per route.

mod home;
mod not_found;
mod play;
mod session;

pub use home::HomePage;
pub use not_found::NotFound;
pub use play::PlayPage;
pub use session::SessionPage;
