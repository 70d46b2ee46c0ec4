//! Proof Key for Code Exchange (RFC 7636), S256 only.

use super::base64url;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pkce {
    verifier: String,
}

impl Pkce {
    /// A verifier from 32 random bytes (43 characters), as RFC 7636 recommends. The caller draws the bytes
    /// from `crypto.getRandomValues`.
    pub fn from_random(bytes: &[u8; 32]) -> Pkce {
        Pkce { verifier: base64url::encode(bytes) }
    }

    /// A verifier kept from earlier in the flow: 43 to 128 unreserved characters, or `None`.
    pub fn from_verifier(verifier: &str) -> Option<Pkce> {
        let valid = (43..=128).contains(&verifier.len())
            && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        valid.then(|| Pkce { verifier: verifier.to_owned() })
    }

    pub fn verifier(&self) -> &str {
        &self.verifier
    }

    /// `BASE64URL(SHA256(verifier))`, sent as `code_challenge` with `code_challenge_method=S256`.
    pub fn challenge(&self) -> String {
        base64url::encode(&Sha256::digest(self.verifier.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 appendix B.
    const RANDOM: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
        240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];

    #[test]
    fn the_rfc_7636_appendix_b_example() {
        let pkce = Pkce::from_random(&RANDOM);
        assert_eq!(pkce.verifier(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn a_kept_verifier_must_be_43_to_128_unreserved_characters() {
        assert!(Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").is_some());
        assert!(Pkce::from_verifier(&"a".repeat(42)).is_none());
        assert!(Pkce::from_verifier(&"a".repeat(129)).is_none());
        assert!(Pkce::from_verifier(&format!("{}+", "a".repeat(43))).is_none());
        assert!(Pkce::from_verifier(&"a~._-".repeat(20)).is_some());
    }
}
