package dev.vigil.analyze.sqli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Word classes of the SQL dialects seen in injections (MySQL, MSSQL, PostgreSQL, Oracle, SQLite).
 *
 * <p>Immutable tables; thread-safe.
 */
final class SqlWords {

    private static final Map<String, Character> TYPES = new HashMap<>();
    private static final Set<String> CALLABLE = new HashSet<>();

    /** Calls that only make sense as an attack: time delays, error-based extraction, file access. */
    static final Set<String> ATTACK_FUNCTIONS = Set.of(
            "sleep", "benchmark", "pg_sleep", "extractvalue", "updatexml", "load_file",
            "xp_cmdshell", "dbms_pipe.receive_message", "dbms_lock.sleep", "utl_inaddr.get_host_name",
            "utl_http.request", "randomblob", "geometrycollection", "multipoint", "polygon",
            "linestring", "multilinestring", "multipolygon", "exp", "name_const", "ctxsys.drithsx.sn",
            "dbms_xmlgen.getxml", "xmltype", "sys_eval", "sys_exec", "pg_read_file", "lo_import",
            "sp_oacreate", "sp_execute", "sp_executesql", "xp_dirtree", "openrowset", "opendatasource");

    /** Catalogue tables: reading them is how an attacker maps a database. */
    static final String[] CATALOGUES = {
        "information_schema", "sysobjects", "syscolumns", "sys.tables", "sys.objects", "mysql.user",
        "pg_shadow", "pg_user", "pg_catalog", "pg_tables", "all_tables", "user_tables", "all_tab_columns",
        "sqlite_master", "msysobjects", "sysusers", "master..", "sys.databases", "dual"
    };

    static {
        for (String w : new String[] {"select", "insert", "update", "delete", "drop", "create", "alter",
            "truncate", "exec", "execute", "declare", "shutdown", "waitfor", "grant", "revoke", "rename",
            "merge", "handler", "replace", "call", "load", "kill", "use", "backup", "restore", "show"}) {
            TYPES.put(w, SqlTokenizer.STATEMENT);
        }
        for (String w : new String[] {"union", "intersect", "except", "minus"}) {
            TYPES.put(w, SqlTokenizer.UNION);
        }
        for (String w : new String[] {"and", "or", "xor"}) {
            TYPES.put(w, SqlTokenizer.LOGIC);
        }
        for (String w : new String[] {"like", "rlike", "regexp", "in", "is", "between", "div", "mod", "not",
            "sounds", "glob", "match", "escape", "collate", "binary", "similar", "ilike"}) {
            TYPES.put(w, SqlTokenizer.OPERATOR);
        }
        for (String w : new String[] {"true", "false", "null", "unknown", "sysdate", "current_user",
            "session_user", "system_user", "current_date", "current_time", "current_timestamp", "localtime",
            "localtimestamp", "utc_time", "utc_date", "utc_timestamp"}) {
            TYPES.put(w, SqlTokenizer.NUMBER);
        }
        for (String w : new String[] {"from", "where", "into", "values", "set", "table", "database", "schema",
            "having", "group", "order", "by", "limit", "offset", "as", "case", "when", "then", "else", "end",
            "all", "distinct", "top", "procedure", "outfile", "dumpfile", "join", "inner", "outer", "left",
            "right", "cross", "natural", "asc", "desc", "delay", "time", "exists", "if", "elseif", "while",
            "begin", "commit", "rollback", "returns", "return", "function", "view", "index", "trigger",
            "column", "columns", "tables", "databases", "columns", "fetch", "first", "next", "rows", "only",
            "with", "recursive", "cast", "convert", "char", "varchar", "nvarchar", "int", "integer",
            "signed", "unsigned", "into", "lock", "share", "mode", "for", "key", "primary", "foreign",
            "default", "using", "straight_join", "sql_calc_found_rows", "sql_no_cache", "high_priority",
            "low_priority", "ignore", "duplicate", "analyse", "prepare", "deallocate", "open", "cursor",
            "goto", "openquery", "nowait", "tablespace", "sysdate", "current_user", "session_user",
            "system_user", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp"}) {
            TYPES.putIfAbsent(w, SqlTokenizer.KEYWORD);
        }
        for (String w : new String[] {"abs", "ascii", "asin", "atan", "avg", "bin", "bit_length", "cast",
            "ceil", "ceiling", "char", "char_length", "character_length", "chr", "coalesce", "concat",
            "concat_ws", "conv", "convert", "cos", "cot", "count", "crc32", "database", "date", "day",
            "decode", "degrees", "elt", "encode", "exp", "field", "find_in_set", "floor", "format",
            "from_base64", "greatest", "group_concat", "hex", "if", "ifnull", "iif", "insert", "instr",
            "isnull", "lcase", "least", "left", "length", "ln", "locate", "log", "lower", "lpad", "ltrim",
            "make_set", "max", "md5", "mid", "min", "mod", "now", "nullif", "nvl", "oct", "ord", "pi",
            "position", "pow", "power", "quote", "radians", "rand", "random", "repeat", "replace",
            "reverse", "right", "round", "rpad", "rtrim", "schema", "sha", "sha1", "sha2", "sign", "sin",
            "soundex", "space", "sqrt", "strcmp", "substr", "substring", "substring_index", "sum",
            "system_user", "tan", "to_base64", "trim", "ucase", "unhex", "upper", "user", "uuid",
            "version", "exists", "aes_encrypt", "aes_decrypt", "des_encrypt", "des_decrypt",
            "compress", "uncompress", "row_count", "last_insert_id", "connection_id", "current_user",
            "session_user", "db_name", "host_name", "suser_name", "user_name", "object_name",
            "col_name", "has_dbaccess", "is_srvrolemember", "len", "datalength", "unicode", "nchar",
            "stuff", "charindex", "patindex", "str", "object_id", "utl_inaddr", "to_char", "to_number",
            "sys_context", "rawtohex", "rownum", "json_keys", "json_extract", "make_set", "export_set",
            "weight_string", "octet_length", "bit_count", "inet_aton", "inet_ntoa", "master_pos_wait",
            "get_lock", "release_lock", "is_free_lock", "encrypt", "password", "old_password",
            "typeof", "sqlite_version", "unicode", "zeroblob", "char_length", "pg_client_encoding",
            "current_database", "current_schema", "inet_server_addr", "query_to_xml", "array_agg",
            "string_agg", "generate_series"}) {
            CALLABLE.add(w);
        }
        CALLABLE.addAll(ATTACK_FUNCTIONS);
    }

    private SqlWords() {
    }

    /** The token type of a lower-case word when it is not followed by '('. */
    static char type(String lower) {
        Character t = TYPES.get(lower);
        return t == null ? SqlTokenizer.BAREWORD : t;
    }

    /** Whether the word is a known SQL function, so a call even with space before '('. */
    static boolean isCallable(String lower) {
        return CALLABLE.contains(lower);
    }

    /** Functions whose only use in a parameter is to learn about the server: version(), user()... */
    static final Set<String> INFO_FUNCTIONS = Set.of("version", "user", "database", "current_user", "system_user",
            "session_user", "schema", "db_name", "user_name", "suser_name", "current_database", "current_schema",
            "connection_id", "last_insert_id", "sqlite_version", "host_name", "@@version");

    /** SQL data type names (SQL standard, T-SQL, MySQL, PostgreSQL, Oracle), for DECLARE @v type. */
    private static final Set<String> SQL_TYPES = Set.of("varchar", "nvarchar", "char", "nchar", "text", "ntext",
            "int", "integer", "bigint", "smallint", "tinyint", "bit", "decimal", "numeric", "float", "real", "money",
            "datetime", "datetime2", "date", "time", "varbinary", "binary", "sysname", "sql_variant", "table",
            "cursor", "uniqueidentifier", "xml", "varchar2", "nvarchar2", "number", "clob", "blob", "boolean");

    static boolean isSqlType(String lower) {
        return SQL_TYPES.contains(lower);
    }

    static boolean isCatalogue(String lower) {
        for (String c : CATALOGUES) {
            if (c.equals("dual") ? lower.equals(c) : lower.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
