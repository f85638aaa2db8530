package dev.vigil.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.City;
import com.maxmind.geoip2.record.Country;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an alert's client address is and who holds it, from MaxMind databases the user provides
 * (GeoIP2 or GeoLite2 City or Country, and ASN, as {@code .mmdb} files; Vigil ships no data). Adds
 * to the alert the entities {@code ip.countryCode} (ISO 3166), {@code ip.country}, {@code ip.city},
 * {@code ip.asn} ({@code AS15169}) and {@code ip.org}, each only when the database knows it.
 *
 * <p>Addresses not in a database (private ranges, documentation ranges) get nothing. Look-ups are
 * local, memory-mapped and cached by the reader. Thread-safe (the MaxMind reader is); close it to
 * unmap the files.
 */
public final class GeoIpEnricher implements AlertEnricher, Closeable {
    public static final String COUNTRY_CODE = AlertEntities.IP_COUNTRY_CODE;
    public static final String COUNTRY = AlertEntities.IP_COUNTRY;
    public static final String CITY = AlertEntities.IP_CITY;
    public static final String ASN = AlertEntities.IP_ASN;
    public static final String ORG = AlertEntities.IP_ORG;

    private final DatabaseReader location;
    private final boolean city;
    private final DatabaseReader asn;

    private GeoIpEnricher(DatabaseReader location, boolean city, DatabaseReader asn) {
        this.location = location;
        this.city = city;
        this.asn = asn;
    }

    /**
     * Opens the databases given (either may be null, not both).
     *
     * @throws IllegalArgumentException naming the file and the reason when one cannot be read, is not
     *                                  a MaxMind database, or is of the wrong kind (an ASN database as
     *                                  the location one, or the reverse)
     */
    public static GeoIpEnricher open(Path locationFile, Path asnFile) {
        DatabaseReader loc = null;
        DatabaseReader as = null;
        try {
            boolean isCity = false;
            if (locationFile != null) {
                loc = reader(locationFile, "--geoip");
                String type = loc.getMetadata().getDatabaseType();
                isCity = type.contains("City");
                if (!isCity && !type.contains("Country")) {
                    throw new IllegalArgumentException("--geoip " + locationFile + ": a " + type
                            + " database; expected a City or Country database (GeoLite2-City.mmdb)");
                }
            }
            if (asnFile != null) {
                as = reader(asnFile, "--asn");
                String type = as.getMetadata().getDatabaseType();
                if (!type.contains("ASN")) {
                    throw new IllegalArgumentException("--asn " + asnFile + ": a " + type
                            + " database; expected an ASN database (GeoLite2-ASN.mmdb)");
                }
            }
            return new GeoIpEnricher(loc, isCity, as);
        } catch (RuntimeException e) {
            closeQuietly(loc);
            closeQuietly(as);
            throw e;
        }
    }

    private static DatabaseReader reader(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read the file");
        }
        try {
            return new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + " " + file + ": not a MaxMind database (" + e.getMessage() + ")");
        }
    }

    @Override
    public Alert enrich(Alert alert) {
        InetAddress ip = IpLiteral.parse(alert.entities().get(AlertEntities.IP));
        if (ip == null) {
            return alert;
        }
        Map<String, String> add = new LinkedHashMap<>();
        try {
            if (location != null) {
                Country country = null;
                if (city) {
                    Optional<CityResponse> r = location.tryCity(ip);
                    if (r.isPresent()) {
                        country = r.get().getCountry();
                        City c = r.get().getCity();
                        putCountry(add, country);
                        put(add, CITY, c == null ? null : c.getName());
                    }
                } else {
                    Optional<CountryResponse> r = location.tryCountry(ip);
                    if (r.isPresent()) {
                        putCountry(add, r.get().getCountry());
                    }
                }
            }
            if (asn != null) {
                Optional<AsnResponse> r = asn.tryAsn(ip);
                if (r.isPresent()) {
                    Long n = r.get().getAutonomousSystemNumber();
                    put(add, ASN, n == null ? null : "AS" + n);
                    put(add, ORG, r.get().getAutonomousSystemOrganization());
                }
            }
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            // a corrupt entry (or an IPv6 address in an IPv4-only database) leaves the alert as it was
            return add.isEmpty() ? alert : AlertEnricher.withEntities(alert, add);
        }
        return AlertEnricher.withEntities(alert, add);
    }

    private static void putCountry(Map<String, String> add, Country c) {
        if (c != null) {
            put(add, COUNTRY_CODE, c.getIsoCode());
            put(add, COUNTRY, c.getName());
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    @Override
    public void close() {
        closeQuietly(location);
        closeQuietly(asn);
    }

    private static void closeQuietly(DatabaseReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException ignored) {
                // unmapping cannot fail in a way worth reporting
            }
        }
    }
}
