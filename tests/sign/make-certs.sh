#!/usr/bin/env bash
# Makes the certificates the signing tests use, with openssl, into folder $1:
#   ca.pem/ca.key          a test root CA (RSA 2048)
#   rsa.pem/rsa.key        a signer with an RSA 2048 key (UTF-8 Japanese CN), issued by ca
#   ec.pem/ec.key, ec.p12  a signer with an ECDSA P-256 key, issued by ca; the .p12 (password
#                          "secret") holds the key, the certificate and ca.pem
#   expired.pem/.key       a signer whose certificate ended in 2021
#   other-ca.pem, other.pem/.key   a signer of another CA
#   tsa.pem/tsa.key        a time-stamp authority (extendedKeyUsage timeStamping), issued by ca
#   tls.pem/tls.key        a TLS server certificate for localhost and 127.0.0.1, issued by ca
#                          (the https time-stamp service; ca.pem plays an inspection root)
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$out"
cat >ext.cnf <<'CNF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[signer]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tls]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
q() { "$@" 2>/dev/null; }
root() { # name subject
  q openssl req -utf8 -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 3650 \
    -subj "$2" -config ext.cnf -extensions ca
}
issue() { # name issuer subject keyspec extensions
  if [[ $4 == ec ]]; then
    q openssl ecparam -name prime256v1 -genkey -noout -out "$1.key.sec1"
    q openssl pkcs8 -topk8 -nocrypt -in "$1.key.sec1" -out "$1.key"
    rm "$1.key.sec1"
  else
    q openssl genrsa -out "$1.key" 2048
  fi
  q openssl req -utf8 -new -key "$1.key" -out "$1.csr" -subj "$3" -config ext.cnf
  q openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" \
    -days 365 -extfile ext.cnf -extensions "$5"
  rm "$1.csr"
}
root ca "/C=JP/O=Kuni Tests/CN=Kuni Test CA"
issue rsa ca "/C=JP/O=Kuni Tests/CN=国際展開支援チーム" rsa signer
issue ec ca "/C=JP/O=Kuni Tests/CN=ECDSA Signer" ec signer
issue tsa ca "/C=JP/O=Kuni Tests/CN=Kuni Test TSA" rsa tsa
issue tls ca "/C=JP/O=Kuni Tests/CN=localhost" rsa tls
root other-ca "/C=JP/O=Elsewhere/CN=Other CA"
issue other other-ca "/C=JP/O=Elsewhere/CN=Someone Else" rsa signer
q openssl pkcs12 -export -inkey ec.key -in ec.pem -certfile ca.pem -passout pass:secret -out ec.p12

# An expired certificate: `openssl ca` is the one tool here that takes explicit dates.
mkdir -p db && : >db/index.txt && echo 1000 >db/serial
cat >ca.cnf <<'CNF'
[ca]
default_ca = test
[test]
database = db/index.txt
serial = db/serial
new_certs_dir = db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CNF
q openssl genrsa -out expired.key 2048
q openssl req -utf8 -new -key expired.key -out expired.csr -subj "/CN=Expired Signer" -config ext.cnf
q openssl ca -batch -config ca.cnf -utf8 -in expired.csr -out expired.pem -startdate 20200101000000Z \
  -enddate 20210101000000Z -extfile ext.cnf -extensions signer -notext
rm expired.csr
chmod 600 ./*.key
