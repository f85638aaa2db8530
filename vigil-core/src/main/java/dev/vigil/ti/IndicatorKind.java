package dev.vigil.ti;

/**
 * What an indicator's value denotes. {@link #DOMAIN} matches the domain and every sub-domain;
 * {@link #HOSTNAME} matches that exact host only (MISP's {@code hostname} type).
 */
public enum IndicatorKind {
    IPV4,
    IPV6,
    /** An IPv4 or IPv6 network in prefix notation; the value is the canonical network address/len. */
    CIDR,
    DOMAIN,
    HOSTNAME,
    URL,
    MD5,
    SHA1,
    SHA256;

    /** True for kinds matched against client or destination addresses. */
    public boolean isNetwork() {
        return this == IPV4 || this == IPV6 || this == CIDR;
    }

    /** True for file-hash kinds. */
    public boolean isHash() {
        return this == MD5 || this == SHA1 || this == SHA256;
    }
}
