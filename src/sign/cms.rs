//! CMS SignedData (RFC 5652) as PAdES B-B and detached signatures need it: SHA-256, one
//! SignerInfo with the signed attributes content-type, message-digest and
//! signing-certificate-v2 (RFC 5035), the certificate chain included, content detached.
//! No signing-time attribute: PAdES puts the time in the signature dictionary's /M.

use super::identity::{Identity, PrivateKey};
use super::{SignError, tlv};
use ::cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use ::cms::content_info::{CmsVersion, ContentInfo};
use ::cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Tag};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
pub(crate) const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ID_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
pub(crate) const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// Asks a time-stamp service for a token over a digest (the signature value's SHA-256).
pub(crate) type TimeStamper<'a> = dyn Fn(&[u8]) -> Result<Vec<u8>, SignError> + 'a;

/// Signs a detached content of which `digest` is the SHA-256, and returns the DER of the
/// ContentInfo. `time_stamp` is asked for the signature value's time-stamp token (B-T) when
/// given.
pub(crate) fn sign_digest(
    identity: &Identity,
    digest: &[u8],
    signing_time: Option<chrono::DateTime<chrono::Utc>>,
    time_stamp: Option<&TimeStamper<'_>>,
) -> Result<Vec<u8>, SignError> {
    let cert_der = identity.certificate.to_der().map_err(SignError::der)?;
    let mut attrs = vec![
        attribute(
            ID_CONTENT_TYPE,
            Any::new(Tag::ObjectIdentifier, ID_DATA.as_bytes()),
        )?,
        attribute(ID_MESSAGE_DIGEST, Any::new(Tag::OctetString, digest))?,
        attribute(
            ID_SIGNING_CERTIFICATE_V2,
            Any::from_der(&signing_certificate_v2(&cert_der)),
        )?,
    ];
    if let Some(time) = signing_time {
        let seconds = u64::try_from(time.timestamp())
            .map_err(|_| SignError::Crypto("a signing time before 1970".into()))?;
        let utc = der::asn1::UtcTime::from_unix_duration(std::time::Duration::from_secs(seconds))
            .map_err(SignError::der)?;
        attrs.push(attribute(ID_SIGNING_TIME, Any::encode_from(&utc))?);
    }
    let signed_attrs = SetOfVec::try_from(attrs).map_err(SignError::der)?;
    // The signature covers the DER of the attributes as a SET OF (RFC 5652 § 5.4).
    let to_sign = signed_attrs.to_der().map_err(SignError::der)?;
    let (signature, signature_algorithm) = sign(&identity.key, &to_sign)?;
    let unsigned_attrs = match time_stamp {
        Some(ask) => {
            let token = ask(&Sha256::digest(&signature))?;
            let value = Any::from_der(&token).map_err(SignError::der)?;
            Some(
                SetOfVec::try_from(vec![attribute(ID_TIME_STAMP_TOKEN, Ok(value))?])
                    .map_err(SignError::der)?,
            )
        }
        None => None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: identity.certificate.tbs_certificate.issuer.clone(),
            serial_number: identity.certificate.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(SignError::der)?,
        unsigned_attrs,
    };
    let certificates = std::iter::once(identity.certificate.clone())
        .chain(identity.chain.iter().cloned())
        .map(CertificateChoices::Certificate)
        .collect::<Vec<_>>();
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()]).map_err(SignError::der)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(certificates).map_err(SignError::der)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(SignError::der)?),
    };
    let info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(SignError::der)?,
    };
    info.to_der().map_err(SignError::der)
}

/// A detached signature of `content` (the manifest's `.p7s`), with a signing-time attribute
/// since nothing else records when it was signed.
pub(crate) fn sign_detached(
    identity: &Identity,
    content: &[u8],
    time: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, SignError> {
    sign_digest(identity, &Sha256::digest(content), Some(time), None)
}

fn sign(key: &PrivateKey, message: &[u8]) -> Result<(Vec<u8>, AlgorithmIdentifierOwned), SignError> {
    use rsa::signature::{SignatureEncoding, Signer};
    match key {
        PrivateKey::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
            let sig = signer
                .try_sign(message)
                .map_err(|e| SignError::Crypto(e.to_string()))?;
            Ok((
                sig.to_vec(),
                AlgorithmIdentifierOwned {
                    oid: SHA256_WITH_RSA,
                    parameters: Some(Any::null()),
                },
            ))
        }
        PrivateKey::P256(k) => {
            let sig: p256::ecdsa::Signature = k
                .try_sign(message)
                .map_err(|e| SignError::Crypto(e.to_string()))?;
            Ok((
                sig.to_der().as_bytes().to_vec(),
                AlgorithmIdentifierOwned {
                    oid: ECDSA_WITH_SHA256,
                    parameters: None,
                },
            ))
        }
    }
}

fn attribute(oid: ObjectIdentifier, value: Result<Any, der::Error>) -> Result<Attribute, SignError> {
    let value = value.map_err(SignError::der)?;
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(SignError::der)?,
    })
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    }
}

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 with
/// the certificate's SHA-256 (the default hash algorithm, so it is left out).
fn signing_certificate_v2(cert_der: &[u8]) -> Vec<u8> {
    let hash = tlv::encode(tlv::OCTET_STRING, &Sha256::digest(cert_der));
    let ess_cert_id = tlv::sequence(&[&hash]);
    tlv::sequence(&[&tlv::sequence(&[&ess_cert_id])])
}

/// Decodes a ContentInfo holding SignedData.
pub(crate) fn parse_signed_data(der: &[u8]) -> Result<SignedData, String> {
    let info = ContentInfo::from_der(der).map_err(|e| format!("the signature is not CMS: {e}"))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(format!(
            "the CMS content is {}, not SignedData",
            info.content_type
        ));
    }
    info.content
        .decode_as::<SignedData>()
        .map_err(|e| format!("the SignedData cannot be read: {e}"))
}
