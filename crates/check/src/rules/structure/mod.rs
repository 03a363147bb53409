//! S: structure of the report.
pub(crate) mod s001;
pub(crate) mod s002;
pub(crate) mod s003;
pub(crate) mod s004;
pub(crate) mod s006;
