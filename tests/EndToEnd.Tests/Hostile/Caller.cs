namespace EndToEnd.Tests.Hostile;

/// <summary>Who a hostile request claims to be, by the Authorization header it carries.</summary>
internal enum Caller
{
    Anonymous,
    Attacker,
    AttackerReadOnly,
    Victim,
    Admin,
    Service,
    ExpiredToken,
    WrongAudience,
    WrongIssuer,
    UnsignedToken,
    TamperedToken,
    WrongTokenType,
    VictimSubjectSwapped,
    GarbageToken,
    RefreshTokenAsBearer,
    OtherScheme,
}
