namespace EndToEnd.Tests.Journeys;

/// <summary>The journeys against the shared system (one instance of each service).</summary>
public sealed class JourneyTests(PlatformFixture platform)
{
    [Fact(Timeout = 180_000)]
    public async Task A_new_customer_registers_orders_and_gets_the_confirmation_email_and_others_and_services_see_only_what_they_may()
    {
        var (person, orderId) = await Journeys.NewCustomerOrdersAndGetsTheirEmailAsync(platform.App);
        await Journeys.CustomersAreIsolatedAndTheAdminSeesEverythingAsync(platform.App, person, orderId);
        await Journeys.AServiceClientGetsOnlyWhatItsScopesAllowAsync(platform.App, platform.ServiceSecret, orderId);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_order_is_confirmed_and_shipped_or_cancelled_with_an_email_at_each_step_and_cancelled_stock_back_on_sale() =>
        await Journeys.AnOrderIsConfirmedShippedOrCancelledWithAnEmailAtEachStepAsync(platform.App);

    [Fact(Timeout = 120_000)]
    public async Task The_mobile_app_signs_in_with_a_loopback_redirect_refreshes_and_a_replayed_refresh_token_is_refused() =>
        await Journeys.MobileAppSignsInRefreshesAndAReplayIsRefusedAsync(platform.App);
}
