namespace EndToEnd.Tests.Faults;

/// <summary>How a fault is dealt to a resource: a crash (SIGKILL) or an orderly stop.</summary>
public enum Blow
{
    Kill,
    Stop,
}
