//! Where leverage keeps things: the data folder (transcripts) and the config folder (guides,
//! keymap). Command-line flags win over environment variables, which win over the platform's
//! usual folders from `directories`.

use std::path::PathBuf;

use directories::ProjectDirs;

pub const DATA_ENV: &str = "LEVERAGE_DATA_DIR";
pub const CONFIG_ENV: &str = "LEVERAGE_CONFIG_DIR";

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "leverage")
}

fn from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The data folder: `--data-dir`, else `$LEVERAGE_DATA_DIR`, else the platform data folder.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    flag.or_else(|| from_env(DATA_ENV))
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
        .ok_or_else(|| {
            format!("cannot find a home folder for the data; pass --data-dir DIR or set {DATA_ENV}")
        })
}

/// The config folder: `$LEVERAGE_CONFIG_DIR`, else the platform config folder (if any).
pub fn config_dir() -> Option<PathBuf> {
    from_env(CONFIG_ENV).or_else(|| project().map(|p| p.config_dir().to_path_buf()))
}

/// The folder of user guides.
pub fn guides_dir() -> Option<PathBuf> {
    config_dir().map(|c| c.join("guides"))
}

pub const CACHE_ENV: &str = "LEVERAGE_CACHE_DIR";

/// Where derived data (the summary index) is cached: `$LEVERAGE_CACHE_DIR`, else the
/// platform cache folder. Never the data folder: a cache is not a source of truth.
pub fn cache_dir() -> Option<PathBuf> {
    from_env(CACHE_ENV).or_else(|| project().map(|p| p.cache_dir().to_path_buf()))
}
